//! What became of one request, and the status-code matrix that decides what to
//! do next: delivered, retry (when, if the server said), or give up for good.

use super::{Millis, retry_after::parse_retry_after};

/// How one send attempt ended, as the adapter observed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The collector answered.
    Response {
        /// HTTP status code.
        status: u16,
        /// The raw `Retry-After` header, if any (parsed here, not in the adapter).
        retry_after: Option<String>,
        /// The start of the response body for a 4xx, to log the server's reason once.
        message: Option<String>,
    },
    /// `fetch` rejected: offline, DNS, CORS, connection reset, an aborted page.
    NetworkError,
    /// The adapter aborted the request at its deadline.
    Timeout,
}

impl Outcome {
    /// A bare response with `status`, no headers or body.
    pub fn status(status: u16) -> Self {
        Outcome::Response { status, retry_after: None, message: None }
    }
}

/// The decision an [`Outcome`] leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// 2xx: the collector has it (a repeat of a stored id is a 2xx as well).
    Delivered,
    /// Worth trying again: 408, 429, 5xx, anything unexpected, network errors
    /// and timeouts. `server_delay` is the parsed `Retry-After`, uncapped.
    Retry {
        /// The wait the server asked for, when it asked.
        server_delay: Option<Millis>,
    },
    /// A 4xx other than 408 and 429 (413 included): the same bytes will be
    /// refused again, so retrying only wastes the visitor's data.
    Reject {
        /// The status, kept as the drop reason.
        status: u16,
    },
}

/// Classifies an outcome at `now` (needed for an HTTP-date `Retry-After`).
pub fn verdict(outcome: &Outcome, now: Millis) -> Verdict {
    match outcome {
        Outcome::Response { status, retry_after, .. } => match status {
            200..=299 => Verdict::Delivered,
            408 | 429 => retry(retry_after.as_deref(), now),
            400..=499 => Verdict::Reject { status: *status },
            // 5xx, and statuses a plain POST should never see (1xx, 3xx after
            // redirects, nonsense): transient until max age says otherwise.
            _ => retry(retry_after.as_deref(), now),
        },
        Outcome::NetworkError | Outcome::Timeout => Verdict::Retry { server_delay: None },
    }
}

fn retry(header: Option<&str>, now: Millis) -> Verdict {
    Verdict::Retry { server_delay: header.and_then(|h| parse_retry_after(h, now)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_retry_after(status: u16, value: &str) -> Outcome {
        Outcome::Response { status, retry_after: Some(value.into()), message: None }
    }

    #[test]
    fn the_status_code_matrix() {
        let now = 784_111_767_000; // ten seconds before the RFC's example date
        let retry = |server_delay| Verdict::Retry { server_delay };
        let cases: [(Outcome, Verdict); 20] = [
            (Outcome::status(200), Verdict::Delivered),
            (Outcome::status(201), Verdict::Delivered),
            (Outcome::status(204), Verdict::Delivered),
            (Outcome::status(400), Verdict::Reject { status: 400 }),
            (Outcome::status(401), Verdict::Reject { status: 401 }),
            (Outcome::status(403), Verdict::Reject { status: 403 }),
            (Outcome::status(404), Verdict::Reject { status: 404 }),
            (Outcome::status(408), retry(None)),
            (Outcome::status(413), Verdict::Reject { status: 413 }),
            (Outcome::status(422), Verdict::Reject { status: 422 }),
            (Outcome::status(429), retry(None)),
            (with_retry_after(429, "30"), retry(Some(30_000))),
            (with_retry_after(422, "30"), Verdict::Reject { status: 422 }),
            (Outcome::status(500), retry(None)),
            (with_retry_after(503, "Sun, 06 Nov 1994 08:49:37 GMT"), retry(Some(10_000))),
            (with_retry_after(503, "later"), retry(None)),
            (Outcome::status(302), retry(None)),
            (Outcome::status(0), retry(None)),
            (Outcome::NetworkError, retry(None)),
            (Outcome::Timeout, retry(None)),
        ];
        for (outcome, expected) in cases {
            assert_eq!(verdict(&outcome, now), expected, "{outcome:?}");
        }
    }
}
