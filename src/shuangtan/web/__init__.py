"""The shell of the web UI (界面外壳): layout, navigation, languages, CSRF, static assets."""
