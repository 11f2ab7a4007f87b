from iprhub.cli.main import main

main()
