package io.github.crmvault.deal;

/** A deal is live until cancelled; a cancelled deal keeps its row. */
public enum DealStatus { ACTIVE, CANCELLED }
