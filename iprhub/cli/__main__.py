from iprhub.cli.main import main

if __name__ == "__main__":  # not when a spawned job runner imports this module as __mp_main__
    main()
