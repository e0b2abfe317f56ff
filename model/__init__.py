"""Wine quality model: data, training, the verified artifact and pure prediction functions."""
