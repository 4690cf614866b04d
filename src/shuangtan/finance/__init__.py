"""Green finance (绿色金融): banks, enterprises' consent to share their carbon account."""
