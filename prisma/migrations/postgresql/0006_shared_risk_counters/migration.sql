-- CreateTable
CREATE TABLE "RiskCounter" (
    "sessionId" TEXT NOT NULL,
    "second" BIGINT NOT NULL,
    "secondHits" INTEGER NOT NULL,
    "minute" BIGINT NOT NULL,
    "minuteHits" INTEGER NOT NULL,
    "prevMinuteHits" INTEGER NOT NULL,
    "failStart" BIGINT NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "challengeAt" BIGINT NOT NULL DEFAULT 0,
    "pages" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" BIGINT NOT NULL,

    CONSTRAINT "RiskCounter_pkey" PRIMARY KEY ("sessionId")
);

-- CreateTable
CREATE TABLE "RiskOnce" (
    "key" TEXT NOT NULL,
    "expiresAt" BIGINT NOT NULL,

    CONSTRAINT "RiskOnce_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "RiskOnce_expiresAt_idx" ON "RiskOnce"("expiresAt");

