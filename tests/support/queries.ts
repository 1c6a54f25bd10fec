// SQL statements seen by the test client (filled by integration-setup.ts).
export const queries: string[] = [];
