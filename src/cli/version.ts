// The version ntm reports (and writes into the TMX files it exports).
export const VERSION = '0.1.0';
