-- AlterTable
ALTER TABLE "User" ADD COLUMN "shippingAddress" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL,
    "idleExpiresAt" DATETIME NOT NULL,
    "absoluteExpiresAt" DATETIME NOT NULL,
    "rotatedAt" DATETIME,
    "mfaAt" DATETIME NOT NULL,
    "role" TEXT NOT NULL,
    "mfaMethod" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "ipPrefix" TEXT NOT NULL,
    "lastIp" TEXT NOT NULL,
    "uaHash" TEXT NOT NULL,
    "userAgent" TEXT NOT NULL,
    "browser" TEXT,
    "browserMajor" TEXT,
    "os" TEXT,
    "deviceType" TEXT NOT NULL,
    "country" TEXT,
    "city" TEXT,
    "latitude" REAL,
    "longitude" REAL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "requiredAction" TEXT,
    "riskScore" INTEGER NOT NULL DEFAULT 0,
    "flaggedAt" DATETIME,
    "flagReason" TEXT,
    "startedInBrowser" BOOLEAN NOT NULL DEFAULT false,
    "endedAt" DATETIME,
    "endedBy" TEXT,
    "endedReason" TEXT,
    CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Session" ("absoluteExpiresAt", "browser", "browserMajor", "city", "country", "createdAt", "deviceType", "endedAt", "endedBy", "endedReason", "id", "idleExpiresAt", "ip", "ipPrefix", "lastIp", "lastSeenAt", "latitude", "longitude", "mfaAt", "mfaMethod", "os", "role", "rotatedAt", "status", "tokenHash", "uaHash", "userAgent", "userId") SELECT "absoluteExpiresAt", "browser", "browserMajor", "city", "country", "createdAt", "deviceType", "endedAt", "endedBy", "endedReason", "id", "idleExpiresAt", "ip", "ipPrefix", "lastIp", "lastSeenAt", "latitude", "longitude", "mfaAt", "mfaMethod", "os", "role", "rotatedAt", "status", "tokenHash", "uaHash", "userAgent", "userId" FROM "Session";
DROP TABLE "Session";
ALTER TABLE "new_Session" RENAME TO "Session";
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");
CREATE INDEX "Session_userId_status_idx" ON "Session"("userId", "status");
CREATE INDEX "Session_status_idleExpiresAt_idx" ON "Session"("status", "idleExpiresAt");
CREATE INDEX "Session_status_riskScore_idx" ON "Session"("status", "riskScore");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

