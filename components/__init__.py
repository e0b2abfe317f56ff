"""Layout pieces and pure figure builders; built from the model's manifest, never from the data directly."""
