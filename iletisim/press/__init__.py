"""The press office's outbound work: releases, statements, announcements, rebuttals (tekzip),
the media contact book, distribution, the press room and journalists' requests."""
