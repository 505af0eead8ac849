"""Classroom: the debrief, a player's report (md, html, json) and the class summary."""
