"""The dashboard (驾驶舱): the city's numbers on one screen, public and official views."""
