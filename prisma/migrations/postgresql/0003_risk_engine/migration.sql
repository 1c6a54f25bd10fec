-- AlterTable
ALTER TABLE "User" ADD COLUMN     "shippingAddress" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "flagReason" TEXT,
ADD COLUMN     "flaggedAt" TIMESTAMP(3),
ADD COLUMN     "requiredAction" TEXT,
ADD COLUMN     "riskScore" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "startedInBrowser" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "Session_status_riskScore_idx" ON "Session"("status", "riskScore");

