// `npm run db:generate`: one Prisma client per dialect, both from prisma/schema.prisma.
import { prisma, SCHEMA_SQLITE, writePostgresSchema } from "./prisma-cli";

prisma(["generate", "--schema", SCHEMA_SQLITE], { schema: SCHEMA_SQLITE });
const pg = writePostgresSchema();
prisma(["generate", "--schema", pg], { schema: pg });
