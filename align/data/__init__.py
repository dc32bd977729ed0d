"""Package data of clausealign."""
