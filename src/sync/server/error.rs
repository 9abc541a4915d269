//! The one error shape every failed API request takes (`{"error": {"code", "message"}}`): the
//! status and stable code of each kind of failure, and how it becomes a response.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::Words;
use super::auth::AuthError;
use super::limits::retry_after_secs;
use super::store::StoreError;
use crate::sync::protocol::{ErrorBody, ErrorDetail};

/// A failed request: status, stable code, one line for a person.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    pub(super) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    pub(super) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    pub(super) fn forbidden(kid: &str, words: &Words) -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "key {} is not a member of this server; ask its operator to add it with `{}`",
                shown_kid(kid),
                words.add_member
            ),
        )
    }

    pub(super) fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    pub(super) fn too_large(max: usize, words: &Words) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "the body is over this server's limit of {max} bytes ({}); send fewer items per request",
                words.max_body
            ),
        )
    }

    pub(super) fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message)
    }

    pub(super) fn rate_limited(wait: Duration) -> ApiError {
        let secs = retry_after_secs(wait);
        ApiError {
            retry_after: Some(secs),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many requests; retry in {secs} s"),
            )
        }
    }

    pub(super) fn body_timeout(limit: Duration, words: &Words) -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            format!(
                "the body did not arrive within {} s ({}); send it at once, or fewer items per request",
                limit.as_secs_f64(),
                words.body_timeout
            ),
        )
    }

    pub(super) fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", message)
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", e.to_string())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::Failed(_) => ApiError::internal(e.to_string()),
            _ => ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", e.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body =
            ErrorBody { error: ErrorDetail { code: self.code.into(), message: self.message } };
        let mut response = (self.status, Json(body)).into_response();
        if let Some(secs) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

/// A kid from a request, for messages: only what has a key id's form
/// ([`crate::sync::wire::auth::is_kid`]) is echoed.
pub(super) fn shown_kid(kid: &str) -> &str {
    if crate::sync::wire::auth::is_kid(kid) { kid } else { "(not a key id)" }
}
