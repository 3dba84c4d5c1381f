// pgpass (node-postgres's reader of ~/.pgpass) ships no types.
declare module 'pgpass' {
  interface ConnInfo {
    host?: string;
    port?: string | number;
    database?: string;
    user?: string;
  }
  function pgpass(connInfo: ConnInfo, cb: (password: string | undefined) => void): void;
  export default pgpass;
}
