"""One module per page: its layout and its own callbacks, nothing else."""
