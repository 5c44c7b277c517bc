//! OpenSim storage and motion files (`.sto`, `.mot`).
//!
//! The layout is a free-form header ending with a line `endheader`, one line of column
//! labels, then one row of numbers per time. Header lines of the form `key=value` are kept
//! (`version`, `nRows`, `nColumns`, `inDegrees`, `DataType`, …), and so are the older SIMM
//! keys `datacolumns N`, `datarows N`, `range a b` and `name X` found in some `.mot` files.
//! Anything that cannot be read exactly is refused with the file, the line and what was
//! expected: a misread table would silently corrupt every joint load downstream.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::error::{RecordedError, Result};
use super::resample::LinearResampler;

/// A time-indexed table read from a `.sto` or `.mot` file.
///
/// The data are **column-major**: `data[c][r]` is the value of column `columns[c]` at time
/// `time[r]`, because every consumer (unit conversion, filtering, resampling) works on whole
/// columns. The `time` column is held apart and is not in `columns`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The file the table came from (or a label such as `<memory>`).
    pub path: PathBuf,
    /// The first header line when it is not a `key=value` pair (OpenSim writes a title there).
    pub title: Option<String>,
    /// Every `key=value` (or SIMM `key value`) header entry, in file order.
    pub header: Vec<(String, String)>,
    /// `inDegrees=yes` → `Some(true)`, `inDegrees=no` → `Some(false)`, absent → `None`.
    pub in_degrees: Option<bool>,
    /// Column labels, in file order, without `time`.
    pub columns: Vec<String>,
    /// Strictly increasing sample times, s.
    pub time: Vec<f64>,
    /// Column-major values: `data[column][row]`.
    pub data: Vec<Vec<f64>>,
}

impl Table {
    /// Reads and checks a `.sto` / `.mot` file.
    pub fn read(path: impl AsRef<Path>) -> Result<Table> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| RecordedError::Io { path: path.to_path_buf(), source })?;
        Table::parse(&text, path)
    }

    /// Parses the text of a `.sto` / `.mot` file; `path` is only used in messages.
    pub fn parse(text: &str, path: impl Into<PathBuf>) -> Result<Table> {
        parse(text, path.into())
    }

    /// Number of rows (samples).
    pub fn n_rows(&self) -> usize {
        self.time.len()
    }

    /// Index of a column by its exact label.
    pub fn column_index(&self, label: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == label)
    }

    /// The values of a column by its exact label.
    pub fn column(&self, label: &str) -> Option<&[f64]> {
        self.column_index(label).map(|i| self.data[i].as_slice())
    }

    /// The value of a header key (exact key, first occurrence).
    pub fn header_value(&self, key: &str) -> Option<&str> {
        self.header.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// First and last time, s.
    pub fn time_range(&self) -> (f64, f64) {
        (self.time[0], self.time[self.time.len() - 1])
    }

    /// This table linearly interpolated at `times`; `target` names their origin for errors
    /// (see [`LinearResampler`]: no extrapolation).
    pub fn resampled(&self, times: &[f64], target: &str) -> Result<Table> {
        let r = LinearResampler::new(&self.path, &self.time, target, times)?;
        Ok(Table {
            time: times.to_vec(),
            data: self.data.iter().map(|c| r.apply(c)).collect(),
            ..self.clone()
        })
    }
}

/// Header keys whose value is a count we check against the data, with what they count.
/// SIMM's `datarows`/`datacolumns` mean the same as OpenSim's `nRows`/`nColumns`.
fn count_key(key: &str) -> Option<&'static str> {
    match key {
        "nRows" | "datarows" => Some("rows"),
        "nColumns" | "datacolumns" => Some("columns (time included)"),
        _ => None,
    }
}

/// SIMM-style header lines are `key value` with a space; only these keys are taken that way,
/// so free text in the header is never mistaken for a setting.
const SIMM_KEYS: [&str; 4] = ["name", "datacolumns", "datarows", "range"];

fn parse(text: &str, path: PathBuf) -> Result<Table> {
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));

    // ---- header
    let mut title = None;
    let mut header: Vec<(String, String)> = Vec::new();
    let mut header_lines: HashMap<String, usize> = HashMap::new();
    let mut found_end = false;
    let mut first = true;
    for (line_no, raw) in lines.by_ref() {
        let line = raw.trim();
        if line == "endheader" {
            found_end = true;
            break;
        }
        let is_first = std::mem::replace(&mut first, false);
        if let Some((k, v)) = line.split_once('=') {
            let key = k.trim().to_string();
            header_lines.entry(key.clone()).or_insert(line_no);
            header.push((key, v.trim().to_string()));
        } else if let Some((k, v)) = line.split_once(char::is_whitespace)
            && SIMM_KEYS.contains(&k)
        {
            header_lines.entry(k.to_string()).or_insert(line_no);
            header.push((k.to_string(), v.trim().to_string()));
        } else if is_first && !line.is_empty() {
            title = Some(line.to_string());
        }
    }
    if !found_end {
        return Err(RecordedError::MissingEndHeader { path });
    }

    let in_degrees = match header.iter().find(|(k, _)| k == "inDegrees") {
        None => None,
        Some((k, v)) => Some(parse_yes_no(v).ok_or_else(|| RecordedError::BadHeaderValue {
            path: path.clone(),
            line: header_lines[k],
            key: k.clone(),
            value: v.clone(),
            expected: "`yes` or `no`",
        })?),
    };
    let mut declared: Vec<(String, usize, &'static str)> = Vec::new();
    for (k, v) in &header {
        if let Some(what) = count_key(k) {
            let n = v.parse::<usize>().map_err(|_| RecordedError::BadHeaderValue {
                path: path.clone(),
                line: header_lines[k],
                key: k.clone(),
                value: v.clone(),
                expected: "a whole number",
            })?;
            declared.push((k.clone(), n, what));
        }
    }

    // ---- column labels: the first non-blank line after `endheader`
    let (label_line, labels) = loop {
        match lines.next() {
            None => {
                return Err(RecordedError::MissingColumnLabels { path, line: text.lines().count() + 1 });
            }
            Some((_, l)) if l.trim().is_empty() => continue,
            Some((n, l)) => break (n, split_labels(l)),
        }
    };
    let time_col = labels.iter().position(|l| l.eq_ignore_ascii_case("time")).ok_or_else(|| {
        RecordedError::NoTimeColumn { path: path.clone(), line: label_line, labels: labels.clone() }
    })?;
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, l) in labels.iter().enumerate() {
        if let Some(&j) = seen.get(l.as_str()) {
            return Err(RecordedError::DuplicateColumn {
                path,
                line: label_line,
                label: l.clone(),
                first: j + 1,
                second: i + 1,
            });
        }
        seen.insert(l, i);
    }

    // ---- rows
    let n_cols = labels.len();
    let mut time = Vec::new();
    let mut data: Vec<Vec<f64>> = vec![Vec::new(); n_cols - 1];
    let mut values = Vec::with_capacity(n_cols);
    for (line_no, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        values.clear();
        for (c, field) in raw.split_whitespace().enumerate() {
            if c >= n_cols {
                break;
            }
            values.push(parse_number(field, &path, line_no, c, &labels)?);
        }
        let found = raw.split_whitespace().count();
        if found != n_cols {
            return Err(RecordedError::RowLength { path, line: line_no, found, expected: n_cols });
        }
        let t = values[time_col];
        if let Some(&previous) = time.last()
            && t <= previous
        {
            return Err(RecordedError::NonIncreasingTime { path, line: line_no, time: t, previous });
        }
        time.push(t);
        let mut d = 0;
        for (c, &v) in values.iter().enumerate() {
            if c != time_col {
                data[d].push(v);
                d += 1;
            }
        }
    }

    for (key, n, what) in declared {
        let found = if what == "rows" { time.len() } else { n_cols };
        if n != found {
            return Err(RecordedError::HeaderMismatch { path, key, declared: n, found, what });
        }
    }
    if time.is_empty() {
        return Err(RecordedError::NoRows { path });
    }

    let mut columns = labels;
    columns.remove(time_col);
    Ok(Table { path, title, header, in_degrees, columns, time, data })
}

/// Labels are tab-separated in OpenSim files (so a label may in principle hold a space);
/// files without tabs are split on whitespace. Empty fields (trailing tabs) are dropped.
fn split_labels(line: &str) -> Vec<String> {
    if line.contains('\t') {
        line.split('\t').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
    } else {
        line.split_whitespace().map(String::from).collect()
    }
}

fn parse_yes_no(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "yes" | "true" => Some(true),
        "no" | "false" => Some(false),
        _ => None,
    }
}

fn parse_number(field: &str, path: &Path, line: usize, column: usize, labels: &[String]) -> Result<f64> {
    let lower = field.to_ascii_lowercase();
    match field.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        // Rust parses `NaN`/`inf`; MSVC writes `-nan(ind)` or `1.#INF`: all refused as non-finite.
        Ok(_) => Err(non_finite(field, path, line, column, labels)),
        Err(_) if lower.contains("nan") || lower.contains("inf") => {
            Err(non_finite(field, path, line, column, labels))
        }
        Err(_) => Err(RecordedError::NotANumber {
            path: path.to_path_buf(),
            line,
            column: column + 1,
            label: labels[column].clone(),
            text: field.to_string(),
        }),
    }
}

fn non_finite(field: &str, path: &Path, line: usize, column: usize, labels: &[String]) -> RecordedError {
    RecordedError::NonFinite {
        path: path.to_path_buf(),
        line,
        column: column + 1,
        label: labels[column].clone(),
        text: field.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;

    /// Writes `text` into a fresh temp dir and parses it as a table.
    fn parse_file(name: &str, text: &str) -> (tempfile::TempDir, Result<Table>) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let r = Table::read(&p);
        (dir, r)
    }

    const GOOD: &str = "Coordinates\nversion=1\nnRows=3\nnColumns=3\ninDegrees=yes\nendheader\n\
        time\tknee_angle_r\tpelvis_tx\n0.0\t10\t0.5\n0.1\t20\t0.6\n0.2\t30\t0.7\n";

    #[test]
    fn reads_a_small_table() {
        let (_d, t) = parse_file("ok.mot", GOOD);
        let t = t.unwrap();
        assert_eq!(t.title.as_deref(), Some("Coordinates"));
        assert_eq!(t.in_degrees, Some(true));
        assert_eq!(t.columns, ["knee_angle_r", "pelvis_tx"]);
        assert_eq!(t.time, [0.0, 0.1, 0.2]);
        assert_eq!(t.column("knee_angle_r").unwrap(), [10.0, 20.0, 30.0]);
        assert_eq!(t.header_value("version"), Some("1"));
    }

    #[test]
    fn missing_endheader() {
        let (_d, r) = parse_file("a.mot", "version=1\ntime\tx\n0\t1\n");
        let e = r.unwrap_err();
        assert!(matches!(e, RecordedError::MissingEndHeader { .. }), "{e}");
        assert!(e.to_string().contains("a.mot") && e.to_string().contains("endheader"));
    }

    #[test]
    fn no_time_column() {
        let (_d, r) = parse_file("a.mot", "endheader\nt\tx\n0\t1\n");
        let e = r.unwrap_err();
        assert!(matches!(e, RecordedError::NoTimeColumn { line: 2, .. }), "{e}");
        assert!(e.to_string().contains("a.mot:2"), "{e}");
    }

    #[test]
    fn missing_labels() {
        let (_d, r) = parse_file("a.mot", "version=1\nendheader\n\n");
        assert!(matches!(r.unwrap_err(), RecordedError::MissingColumnLabels { .. }));
    }

    #[test]
    fn row_with_wrong_count() {
        let (_d, r) = parse_file("a.mot", "endheader\ntime\tx\ty\n0\t1\t2\n0.1\t1\n");
        let e = r.unwrap_err();
        assert!(matches!(e, RecordedError::RowLength { line: 4, found: 2, expected: 3, .. }), "{e}");
        let (_d, r) = parse_file("a.mot", "endheader\ntime\tx\n0\t1\t2\n");
        assert!(matches!(r.unwrap_err(), RecordedError::RowLength { found: 3, .. }));
    }

    #[test]
    fn non_numeric_value() {
        let (_d, r) = parse_file("a.mot", "endheader\ntime\tx\ty\n0\t1\t2\n0.1\t1\tabc\n");
        let e = r.unwrap_err();
        assert!(
            matches!(e, RecordedError::NotANumber { line: 4, column: 3, ref label, .. } if label == "y"),
            "{e}"
        );
        assert!(e.to_string().contains("a.mot:4") && e.to_string().contains("`abc`"));
    }

    #[test]
    fn nan_and_infinity_refused() {
        for bad in ["NaN", "nan", "inf", "-Infinity", "-nan(ind)", "1.#INF"] {
            let text = format!("endheader\ntime\tx\n0\t1\n0.1\t{bad}\n");
            let (_d, r) = parse_file("a.mot", &text);
            let e = r.unwrap_err();
            assert!(matches!(e, RecordedError::NonFinite { line: 4, column: 2, .. }), "{bad}: {e}");
        }
    }

    #[test]
    fn time_must_increase() {
        for times in [["0.1", "0.1"], ["0.2", "0.1"]] {
            let text = format!("endheader\ntime\tx\n0\t1\n{}\t1\n{}\t1\n", times[0], times[1]);
            let (_d, r) = parse_file("a.mot", &text);
            let e = r.unwrap_err();
            assert!(matches!(e, RecordedError::NonIncreasingTime { line: 5, .. }), "{e}");
        }
    }

    #[test]
    fn duplicate_columns() {
        let (_d, r) = parse_file("a.mot", "endheader\ntime\tx\tx\n0\t1\t2\n");
        let e = r.unwrap_err();
        assert!(matches!(e, RecordedError::DuplicateColumn { first: 2, second: 3, .. }), "{e}");
    }

    #[test]
    fn header_counts_must_agree() {
        let (_d, r) = parse_file("a.mot", "nRows=3\nendheader\ntime\tx\n0\t1\n0.1\t1\n");
        let e = r.unwrap_err();
        assert!(
            matches!(e, RecordedError::HeaderMismatch { declared: 3, found: 2, ref key, .. } if key == "nRows"),
            "{e}"
        );
        let (_d, r) = parse_file("a.mot", "nColumns=3\nendheader\ntime\tx\n0\t1\n");
        assert!(matches!(
            r.unwrap_err(),
            RecordedError::HeaderMismatch { declared: 3, found: 2, ref key, .. } if key == "nColumns"
        ));
        let (_d, r) = parse_file("a.mot", "nRows=many\nendheader\ntime\tx\n0\t1\n");
        assert!(matches!(r.unwrap_err(), RecordedError::BadHeaderValue { line: 1, .. }));
        let (_d, r) = parse_file("a.mot", "inDegrees=maybe\nendheader\ntime\tx\n0\t1\n");
        assert!(matches!(r.unwrap_err(), RecordedError::BadHeaderValue { line: 1, .. }));
    }

    #[test]
    fn no_rows() {
        let (_d, r) = parse_file("a.mot", "endheader\ntime\tx\n\n");
        assert!(matches!(r.unwrap_err(), RecordedError::NoRows { .. }));
    }

    #[test]
    fn simm_header_and_padded_labels() {
        // The layout of gait2392's grf.mot: SIMM keys, labels padded with spaces, trailing tabs.
        let text = "name subject01_walk1_grf.mot\ndatacolumns 3\ndatarows 2\nrange 0.000000 0.001700\n\
            endheader\n                time\t     right_foot_force_vx\t     right_foot_force_vy\t\n\
            0.00000000\t101.5\t745.4\t\n0.00170000\t103.2\t743.0\t\n";
        let t = Table::parse(text, "grf.mot").unwrap();
        assert_eq!(t.columns, ["right_foot_force_vx", "right_foot_force_vy"]);
        assert_eq!(t.header_value("datarows"), Some("2"));
        assert_eq!(t.in_degrees, None);
        assert_eq!(t.title, None);
        let bad = text.replace("datarows 2", "datarows 5");
        assert!(matches!(
            Table::parse(&bad, "grf.mot").unwrap_err(),
            RecordedError::HeaderMismatch { declared: 5, found: 2, .. }
        ));
    }

    #[test]
    fn real_gait2354_ik() {
        let t = Table::read(data("opensim/gait2354/subject01_walk1_ik.mot")).unwrap();
        assert_eq!(t.in_degrees, Some(true));
        assert_eq!(t.n_rows(), 73);
        assert_eq!(t.columns.len(), 23);
        assert_eq!(t.time_range(), (0.4, 1.6));
        assert_eq!(t.column("knee_angle_r").unwrap()[0], -55.24623342);
    }

    #[test]
    fn real_gait2354_grf() {
        let t = Table::read(data("opensim/gait2354/subject01_walk1_grf.mot")).unwrap();
        assert_eq!(t.n_rows(), 1501);
        assert_eq!(t.columns.len(), 18);
        assert_eq!(t.time_range(), (0.0, 2.5));
        assert_eq!(t.title.as_deref(), Some("subject01_walk1_grf.mot"));
    }

    #[test]
    fn real_gait2392_kinematics() {
        let t = Table::read(data("opensim/gait2392_jointreaction/subject01_walk1_Kinematics.sto")).unwrap();
        assert_eq!(t.n_rows(), 1500);
        assert_eq!(t.columns.len(), 23);
        assert_eq!(t.in_degrees, Some(true));
        assert!((t.time_range().1 - 1.999).abs() < 1e-12);
    }
}
