"""Classification markings: levels, controls, portion marks, banners and who may read what."""
