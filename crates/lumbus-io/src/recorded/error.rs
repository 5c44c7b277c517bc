//! The one error type of the recorded-data readers.
//!
//! Every variant names the file it is about (or the in-memory source, such as `<memory>`),
//! and the line and column where there is one, and says what was expected: a biomechanist
//! must be able to fix the file from the message alone.

use std::path::PathBuf;

/// A `Result` whose error is a [`RecordedError`].
pub type Result<T> = std::result::Result<T, RecordedError>;

/// Why a recorded-data file was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordedError {
    // ---------------------------------------------------------------- files
    #[error("{}: cannot read the file: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    // ------------------------------------------------------- .mot / .sto tables
    #[error(
        "{}: no `endheader` line: expected the header to end with a line reading `endheader`, \
         followed by the column labels",
        path.display()
    )]
    MissingEndHeader { path: PathBuf },

    #[error(
        "{}:{line}: expected the column labels after `endheader`, found the end of the file",
        path.display()
    )]
    MissingColumnLabels { path: PathBuf, line: usize },

    #[error("{}:{line}: header `{key}` is `{value}`, expected {expected}", path.display())]
    BadHeaderValue { path: PathBuf, line: usize, key: String, value: String, expected: &'static str },

    #[error("{}:{line}: no `time` column among the labels {labels:?}", path.display())]
    NoTimeColumn { path: PathBuf, line: usize, labels: Vec<String> },

    #[error(
        "{}:{line}: column label `{label}` appears twice (columns {first} and {second})",
        path.display()
    )]
    DuplicateColumn { path: PathBuf, line: usize, label: String, first: usize, second: usize },

    #[error(
        "{}:{line}: the row has {found} values, expected {expected} (one per column label)",
        path.display()
    )]
    RowLength { path: PathBuf, line: usize, found: usize, expected: usize },

    #[error(
        "{}:{line}: column {column} (`{label}`): `{text}` is not a number",
        path.display()
    )]
    NotANumber { path: PathBuf, line: usize, column: usize, label: String, text: String },

    #[error(
        "{}:{line}: column {column} (`{label}`): `{text}` is not finite; expected a finite number \
         (NaN and infinity are refused, not skipped)",
        path.display()
    )]
    NonFinite { path: PathBuf, line: usize, column: usize, label: String, text: String },

    #[error(
        "{}:{line}: time {time} does not come after the previous row's time {previous}; \
         expected strictly increasing times",
        path.display()
    )]
    NonIncreasingTime { path: PathBuf, line: usize, time: f64, previous: f64 },

    #[error(
        "{}: the header says {key}={declared}, but the file has {found} {what}",
        path.display()
    )]
    HeaderMismatch { path: PathBuf, key: String, declared: usize, found: usize, what: &'static str },

    #[error("{}: no data rows after the column labels", path.display())]
    NoRows { path: PathBuf },

    #[error(
        "{}: the times are not evenly spaced (step {min_step} s to {max_step} s); \
         {what} needs a uniform sample rate",
        path.display()
    )]
    UnevenSampling { path: PathBuf, min_step: f64, max_step: f64, what: &'static str },

    // ---------------------------------------------------------- coordinates
    #[error(
        "{}: column `{label}` is not a known coordinate (expected one of {known:?}, a path label \
         `/jointset/<joint>/<coordinate>/value`, or a label the caller allows to be ignored)",
        path.display()
    )]
    UnknownColumn { path: PathBuf, label: String, known: &'static [&'static str] },

    #[error(
        "{}: required coordinate `{coordinate}` is missing (the file has {available:?})",
        path.display()
    )]
    MissingCoordinate { path: PathBuf, coordinate: String, available: Vec<String> },

    #[error("{}: `{coordinate}` was asked for but is not a coordinate this reader knows", path.display())]
    UnknownRequired { path: PathBuf, coordinate: String },

    #[error(
        "{}: cannot tell whether the angles are in degrees or radians: {detail}; \
         add `inDegrees=yes` or `inDegrees=no` to the header (the reader does not guess)",
        path.display()
    )]
    UndeterminedUnits { path: PathBuf, detail: String },

    #[error(
        "{}: the columns mix bare coordinate names (`{bare}`) with path labels (`{path_label}`); \
         expected one style throughout",
        path.display()
    )]
    MixedLabelStyles { path: PathBuf, bare: String, path_label: String },

    #[error(
        "{}: columns `{first}` and `{second}` both give coordinate `{coordinate}`",
        path.display()
    )]
    DuplicateCoordinate { path: PathBuf, coordinate: String, first: String, second: String },

    // ------------------------------------------------------------------ XML
    #[error("{}: malformed XML: {source}", path.display())]
    Xml {
        path: PathBuf,
        #[source]
        source: roxmltree::Error,
    },

    #[error("{}: {element}: missing <{field}> ({expected})", path.display())]
    MissingField { path: PathBuf, element: String, field: String, expected: &'static str },

    #[error("{}: {element}: <{field}> is `{text}`, expected {expected}", path.display())]
    BadField { path: PathBuf, element: String, field: String, text: String, expected: &'static str },

    #[error("{}: {element}: {detail}", path.display())]
    Unsupported { path: PathBuf, element: String, detail: String },

    // -------------------------------------------------------- external loads
    #[error(
        "{}: external force `{force}`: {kind} identifier `{identifier}` matches no columns; \
         expected `{identifier}x`, `{identifier}y` and `{identifier}z`{}",
        path.display(),
        if similar.is_empty() { String::new() } else { format!(" (similar columns: {similar:?})") }
    )]
    IdentifierNotFound {
        path: PathBuf,
        force: String,
        kind: &'static str,
        identifier: String,
        similar: Vec<String>,
    },

    #[error(
        "{}: external forces `{first}` and `{second}` both read the {kind} columns `{identifier}*`; \
         one of them is almost certainly a typo in the ExternalLoads file",
        path.display()
    )]
    SharedIdentifier { path: PathBuf, first: String, second: String, kind: &'static str, identifier: String },

    #[error("{}: no default foot mapping fits: {detail}", path.display())]
    NoDefaultMapping { path: PathBuf, detail: String },

    // ------------------------------------------------------------- resample
    #[error(
        "cannot resample `{}` (times {:.6}..{:.6} s) onto `{target}` (times {:.6}..{:.6} s): \
         the target reaches outside the source",
        source_path.display(),
        source_range.0,
        source_range.1,
        target_range.0,
        target_range.1
    )]
    OutOfRange { source_path: PathBuf, source_range: (f64, f64), target: String, target_range: (f64, f64) },

    // ---------------------------------------------------------------- filter
    #[error("low-pass filter: {detail}")]
    InvalidFilter { detail: String },

    // ------------------------------------------------------------------- C3D
    #[error("{}: C3D: {detail}", path.display())]
    C3d { path: PathBuf, detail: String },

    #[error("{}: force plate {plate}: {detail}", path.display())]
    ForcePlate { path: PathBuf, plate: usize, detail: String },
}
