-- CreateIndex
CREATE INDEX "Session_flagResolution_riskScore_id_idx" ON "Session"("flagResolution", "riskScore", "id");

