"""İletişim: the press, publication and public relations platform of a Turkish municipality."""
