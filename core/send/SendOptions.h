#pragma once

#include <QString>

namespace Postroom::Send {

/** How one run of the send worker behaves; the defaults suit the GUI and the CLI. */
struct SendOptions
{
    /** Keep going through retry delays until every recipient is final (`send --wait`). */
    bool waitForRetries = false;
    /** The lease owner written to claimed rows; empty = host:pid:random, made at start. */
    QString owner;
    /** How long a claim holds a row; renewed while the worker runs (crash: due again after). */
    int leaseSeconds = 120;
    /** Rows claimed per transaction. */
    int claimBatch = 1024;
    /**
     * Results written per transaction, at most; a batch is also written after
     * resultFlushMs. At most two batches are not yet committed at any time (one held,
     * one being written): the bound on repeats after a crash, with the connections.
     */
    int resultBatch = 128;
    int resultFlushMs = 200;
    /** How often the campaign's control column is read (pause/cancel from another process). */
    int controlPollMs = 500;
    /** The least time between two progress reports. */
    int progressIntervalMs = 250;
    /** Per-reply SMTP timeout in seconds; 0 = the endpoint's default (RFC 5321 §4.5.3.2). */
    int responseTimeoutSeconds = 0;
    /** How many recent errors a progress report carries. */
    int keptErrors = 20;
    /** First back-off of an account that answered 421/454/"slow down" or did not connect. */
    int accountBackoffBaseMs = 2000;
    int accountBackoffMaxMs = 5 * 60 * 1000;
};

} // namespace Postroom::Send
