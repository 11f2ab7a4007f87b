"""Delivering alerts beyond the inbox: webhook POSTs signed with HMAC-SHA256 and SMTP e-mail digests,
each retried with exponential back-off until delivered or out of attempts (see :mod:`.queue`)."""
