//! One error type for the crate: a message that names the file, field or option and what is
//! allowed, or an I/O failure with its path.

use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A sweep file, an option or an output folder that cannot be used; the message says why.
    #[error("{0}")]
    Invalid(String),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::Invalid(message.into())
}

/// `map_err` helper naming the path an I/O error happened on.
pub(crate) fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.display().to_string(), source }
}
