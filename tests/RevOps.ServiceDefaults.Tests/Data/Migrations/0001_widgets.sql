-- No key on purpose: a duplicate delivery that slipped past the inbox would show as a second row.
CREATE TABLE widgets (id uuid NOT NULL, name text NOT NULL);
