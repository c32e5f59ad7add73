"""Field-proof tests: crashes, concurrent instances, backups, bad files, bad values, untrusted attachments."""
