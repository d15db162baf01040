-- ARGV: P, site
release(ARGV[2], now_ms())
return 1
