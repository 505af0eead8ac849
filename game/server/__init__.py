"""The class server: students play the interactive game over SSH, saving in the class folder."""
