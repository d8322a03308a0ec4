"""Small widgets and display helpers shared by the shell's screens."""
