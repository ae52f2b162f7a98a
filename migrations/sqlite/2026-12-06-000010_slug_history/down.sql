DROP TABLE slug_history;
