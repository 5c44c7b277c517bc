//! Kinematics tables mapped onto the model's canonical coordinate names, in SI units.
//!
//! OpenSim writes coordinates in two styles:
//! - **bare names** (`hip_flexion_r`), the version-1 files of OpenSim ≤ 3, whose angle unit
//!   is given by the header `inDegrees=yes|no`;
//! - **path labels** (`/jointset/hip_r/hip_flexion_r/value`), OpenSim 4 tables, which are in
//!   radians unless the header says `inDegrees=yes`.
//!
//! The reference tool, given path labels, silently produced moments off by ~1400 N·m; this
//! reader therefore maps both styles explicitly and refuses everything it cannot place:
//! an unknown column (unless the caller lists it as ignorable), a missing required
//! coordinate, bare names with no `inDegrees` key (the unit is not guessed), and a file that
//! mixes the two styles.
//!
//! Path labels ending in `/speed` are coordinate **velocities**. They are ignored (velocities
//! are derived from the filtered positions, so the two can never disagree), and every ignored
//! column is listed in [`Kinematics::ignored_columns`], so nothing is dropped silently.

use std::path::PathBuf;

use super::error::{RecordedError, Result};
use super::filter::ButterworthLowpass;
use super::resample::LinearResampler;
use super::table::Table;

/// The coordinates the model can be driven by, in the order [`Kinematics`] lists them.
pub const CANONICAL_COORDINATES: &[&str] = &[
    "pelvis_tilt",
    "pelvis_list",
    "pelvis_rotation",
    "pelvis_tx",
    "pelvis_ty",
    "pelvis_tz",
    "hip_flexion_r",
    "hip_adduction_r",
    "hip_rotation_r",
    "knee_angle_r",
    "ankle_angle_r",
    "subtalar_angle_r",
    "mtp_angle_r",
    "hip_flexion_l",
    "hip_adduction_l",
    "hip_rotation_l",
    "knee_angle_l",
    "ankle_angle_l",
    "subtalar_angle_l",
    "mtp_angle_l",
    "lumbar_extension",
    "lumbar_bending",
    "lumbar_rotation",
];

/// Whether a coordinate is an angle (rad) or a translation (m).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateKind {
    Rotational,
    Translational,
}

/// The kind of a canonical coordinate; `None` for a name that is not canonical.
pub fn coordinate_kind(name: &str) -> Option<CoordinateKind> {
    match name {
        "pelvis_tx" | "pelvis_ty" | "pelvis_tz" => Some(CoordinateKind::Translational),
        n if CANONICAL_COORDINATES.contains(&n) => Some(CoordinateKind::Rotational),
        _ => None,
    }
}

/// How the coordinate columns of the source file were labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelStyle {
    /// `hip_flexion_r`; units from `inDegrees`.
    Bare,
    /// `/jointset/hip_r/hip_flexion_r/value`; radians unless `inDegrees=yes`.
    Path,
}

/// What the caller needs and tolerates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoordinateOptions {
    /// Canonical coordinates that must be present.
    pub required: Vec<String>,
    /// Exact column labels that may be present and are then ignored (e.g. marker errors in
    /// an IK output, or `/forceset/…` states in an OpenSim 4 states file).
    pub ignore: Vec<String>,
}

impl CoordinateOptions {
    /// Requires the given canonical coordinates and ignores nothing.
    pub fn requiring<S: AsRef<str>>(required: &[S]) -> Self {
        CoordinateOptions {
            required: required.iter().map(|s| s.as_ref().to_string()).collect(),
            ignore: Vec::new(),
        }
    }

    /// Adds column labels that may be ignored.
    pub fn ignoring<S: AsRef<str>>(mut self, labels: &[S]) -> Self {
        self.ignore.extend(labels.iter().map(|s| s.as_ref().to_string()));
        self
    }
}

/// Coordinate trajectories in SI units (rad, m), keyed by canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct Kinematics {
    /// The source file.
    pub path: PathBuf,
    /// Sample times, s.
    pub time: Vec<f64>,
    /// Canonical names present, in [`CANONICAL_COORDINATES`] order.
    pub coordinates: Vec<String>,
    /// `values[i][row]`: coordinate `coordinates[i]` in rad or m.
    pub values: Vec<Vec<f64>>,
    /// The source column each coordinate came from.
    pub source_columns: Vec<String>,
    /// Columns present in the file but not used (allowed by the caller, or `/speed`).
    pub ignored_columns: Vec<String>,
    /// The label style of the source file.
    pub style: LabelStyle,
    /// Whether the source angles were in degrees (and so were converted).
    pub source_in_degrees: bool,
}

impl Kinematics {
    /// Maps a table onto canonical coordinates; see the module documentation for the rules.
    pub fn from_table(table: &Table, options: &CoordinateOptions) -> Result<Kinematics> {
        from_table(table, options)
    }

    /// Reads a `.mot`/`.sto` file and maps it.
    pub fn read(path: impl AsRef<std::path::Path>, options: &CoordinateOptions) -> Result<Self> {
        from_table(&Table::read(path)?, options)
    }

    /// The trajectory of a canonical coordinate.
    pub fn get(&self, coordinate: &str) -> Option<&[f64]> {
        self.coordinates.iter().position(|c| c == coordinate).map(|i| self.values[i].as_slice())
    }

    /// These kinematics linearly interpolated at `times`; `target` names the times' origin
    /// in the error when they reach outside this recording.
    pub fn resampled(&self, times: &[f64], target: &str) -> Result<Kinematics> {
        let r = LinearResampler::new(&self.path, &self.time, target, times)?;
        Ok(Kinematics {
            time: times.to_vec(),
            values: self.values.iter().map(|v| r.apply(v)).collect(),
            ..self.clone()
        })
    }

    /// These kinematics low-pass filtered with zero lag (4th-order Butterworth, forward and
    /// backward) at `cutoff_hz`, as the reference inverse-dynamics setup does (6 Hz).
    pub fn filtered(&self, cutoff_hz: f64) -> Result<Kinematics> {
        let rate = super::filter::uniform_rate(&self.path, &self.time, "filtering")?;
        let f = ButterworthLowpass::new(4, cutoff_hz, rate)?;
        Ok(Kinematics { values: self.values.iter().map(|v| f.filtfilt(v)).collect(), ..self.clone() })
    }
}

/// Where a column goes.
enum Mapped {
    Coordinate(&'static str),
    Ignored,
}

fn from_table(table: &Table, options: &CoordinateOptions) -> Result<Kinematics> {
    let path = &table.path;
    for r in &options.required {
        if coordinate_kind(r).is_none() {
            return Err(RecordedError::UnknownRequired { path: path.clone(), coordinate: r.clone() });
        }
    }

    let mut first_bare: Option<&str> = None;
    let mut first_path: Option<&str> = None;
    let mut found: Vec<(&'static str, usize)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, label) in table.columns.iter().enumerate() {
        if options.ignore.iter().any(|x| x == label) {
            ignored.push(label.clone());
            continue;
        }
        let mapped = if label.starts_with('/') {
            first_path.get_or_insert(label);
            map_path_label(label)
        } else {
            first_bare.get_or_insert(label);
            canonical(label).map(Mapped::Coordinate)
        };
        match mapped {
            Some(Mapped::Coordinate(c)) => {
                if let Some(&(_, j)) = found.iter().find(|(k, _)| *k == c) {
                    return Err(RecordedError::DuplicateCoordinate {
                        path: path.clone(),
                        coordinate: c.to_string(),
                        first: table.columns[j].clone(),
                        second: label.clone(),
                    });
                }
                found.push((c, i));
            }
            Some(Mapped::Ignored) => ignored.push(label.clone()),
            None => {
                return Err(RecordedError::UnknownColumn {
                    path: path.clone(),
                    label: label.clone(),
                    known: CANONICAL_COORDINATES,
                });
            }
        }
    }

    let style = match (first_bare, first_path) {
        (Some(bare), Some(path_label)) => {
            return Err(RecordedError::MixedLabelStyles {
                path: path.clone(),
                bare: bare.to_string(),
                path_label: path_label.to_string(),
            });
        }
        (None, Some(_)) => LabelStyle::Path,
        _ => LabelStyle::Bare,
    };

    let in_degrees = match (style, table.in_degrees) {
        (_, Some(d)) => d,
        // OpenSim 4 writes path-labelled tables in radians.
        (LabelStyle::Path, None) => false,
        (LabelStyle::Bare, None) => {
            let has_angle = found.iter().any(|(c, _)| coordinate_kind(c) == Some(CoordinateKind::Rotational));
            if has_angle {
                return Err(RecordedError::UndeterminedUnits {
                    path: path.clone(),
                    detail: "the header has no `inDegrees` key and the columns are bare \
                             coordinate names"
                        .to_string(),
                });
            }
            false
        }
    };

    for r in &options.required {
        if !found.iter().any(|(c, _)| c == r) {
            return Err(RecordedError::MissingCoordinate {
                path: path.clone(),
                coordinate: r.clone(),
                available: found.iter().map(|(c, _)| c.to_string()).collect(),
            });
        }
    }

    // Canonical order, so downstream code never depends on the file's column order.
    found.sort_by_key(|(c, _)| CANONICAL_COORDINATES.iter().position(|k| k == c));
    let to_si = |c: &str| match coordinate_kind(c) {
        Some(CoordinateKind::Rotational) if in_degrees => std::f64::consts::PI / 180.0,
        _ => 1.0,
    };
    Ok(Kinematics {
        path: path.clone(),
        time: table.time.clone(),
        coordinates: found.iter().map(|(c, _)| c.to_string()).collect(),
        values: found
            .iter()
            .map(|&(c, i)| {
                let k = to_si(c);
                table.data[i].iter().map(|v| v * k).collect()
            })
            .collect(),
        source_columns: found.iter().map(|&(_, i)| table.columns[i].clone()).collect(),
        ignored_columns: ignored,
        style,
        source_in_degrees: in_degrees,
    })
}

fn canonical(name: &str) -> Option<&'static str> {
    CANONICAL_COORDINATES.iter().find(|c| **c == name).copied()
}

/// `/jointset/<joint>/<coordinate>/value` → the coordinate; `…/speed` → ignored.
/// Any other path (bodies, forces, states) is unknown.
fn map_path_label(label: &str) -> Option<Mapped> {
    let parts: Vec<&str> = label.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["jointset", _joint, coordinate, "value"] => canonical(coordinate).map(Mapped::Coordinate),
        ["jointset", _joint, coordinate, "speed"] => canonical(coordinate).map(|_| Mapped::Ignored),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;

    const DEG: f64 = std::f64::consts::PI / 180.0;

    fn table(header: &str, labels: &[&str]) -> Table {
        let mut text = format!("{header}endheader\ntime");
        for l in labels {
            text.push('\t');
            text.push_str(l);
        }
        for (r, t) in [0.0, 0.01].iter().enumerate() {
            text.push_str(&format!("\n{t}"));
            for c in 0..labels.len() {
                text.push_str(&format!("\t{}", 10.0 * (c + 1) as f64 + r as f64));
            }
        }
        text.push('\n');
        Table::parse(&text, "test.sto").unwrap()
    }

    fn none() -> CoordinateOptions {
        CoordinateOptions::default()
    }

    #[test]
    fn bare_degrees_are_converted_translations_kept() {
        let t = table("inDegrees=yes\n", &["pelvis_ty", "knee_angle_r"]);
        let k = Kinematics::from_table(&t, &none()).unwrap();
        assert_eq!(k.style, LabelStyle::Bare);
        assert_eq!(k.coordinates, ["pelvis_ty", "knee_angle_r"]);
        assert_eq!(k.get("pelvis_ty").unwrap(), [10.0, 11.0]);
        let knee = k.get("knee_angle_r").unwrap();
        assert!((knee[0] - 20.0 * DEG).abs() < 1e-15);
    }

    #[test]
    fn bare_radians_kept() {
        let t = table("inDegrees=no\n", &["knee_angle_r"]);
        let k = Kinematics::from_table(&t, &none()).unwrap();
        assert_eq!(k.get("knee_angle_r").unwrap(), [10.0, 11.0]);
    }

    #[test]
    fn unknown_column_refused_unless_ignored() {
        let t = table("inDegrees=yes\n", &["knee_angle_r", "marker_error"]);
        let e = Kinematics::from_table(&t, &none()).unwrap_err();
        assert!(
            matches!(e, RecordedError::UnknownColumn { ref label, .. } if label == "marker_error"),
            "{e}"
        );
        assert!(e.to_string().contains("test.sto"));
        let k = Kinematics::from_table(&t, &none().ignoring(&["marker_error"])).unwrap();
        assert_eq!(k.ignored_columns, ["marker_error"]);
        assert_eq!(k.coordinates, ["knee_angle_r"]);
    }

    #[test]
    fn missing_required_refused() {
        let t = table("inDegrees=yes\n", &["knee_angle_r"]);
        let e = Kinematics::from_table(&t, &CoordinateOptions::requiring(&["hip_flexion_r"])).unwrap_err();
        assert!(
            matches!(e, RecordedError::MissingCoordinate { ref coordinate, .. } if coordinate == "hip_flexion_r"),
            "{e}"
        );
        let e = Kinematics::from_table(&t, &CoordinateOptions::requiring(&["hip_flex"])).unwrap_err();
        assert!(matches!(e, RecordedError::UnknownRequired { .. }), "{e}");
    }

    #[test]
    fn bare_names_without_in_degrees_refused() {
        let t = table("version=1\n", &["knee_angle_r"]);
        let e = Kinematics::from_table(&t, &none()).unwrap_err();
        assert!(matches!(e, RecordedError::UndeterminedUnits { .. }), "{e}");
        assert!(e.to_string().contains("inDegrees"));
        // Translations alone have no angle unit to get wrong.
        let t = table("version=1\n", &["pelvis_tx"]);
        assert!(Kinematics::from_table(&t, &none()).is_ok());
    }

    #[test]
    fn mixed_styles_refused() {
        let t = table("inDegrees=no\n", &["knee_angle_r", "/jointset/hip_r/hip_flexion_r/value"]);
        let e = Kinematics::from_table(&t, &none()).unwrap_err();
        assert!(matches!(e, RecordedError::MixedLabelStyles { .. }), "{e}");
    }

    #[test]
    fn path_labels_are_radians_speeds_ignored() {
        let t = table(
            "version=1\n",
            &[
                "/jointset/hip_r/hip_flexion_r/value",
                "/jointset/hip_r/hip_flexion_r/speed",
                "/jointset/ground_pelvis/pelvis_tx/value",
            ],
        );
        let k = Kinematics::from_table(&t, &none()).unwrap();
        assert_eq!(k.style, LabelStyle::Path);
        assert!(!k.source_in_degrees);
        assert_eq!(k.coordinates, ["pelvis_tx", "hip_flexion_r"]);
        assert_eq!(k.get("hip_flexion_r").unwrap(), [10.0, 11.0]);
        assert_eq!(k.ignored_columns, ["/jointset/hip_r/hip_flexion_r/speed"]);
        // ... unless the header says degrees.
        let t = table("inDegrees=yes\n", &["/jointset/hip_r/hip_flexion_r/value"]);
        let k = Kinematics::from_table(&t, &none()).unwrap();
        assert!((k.get("hip_flexion_r").unwrap()[0] - 10.0 * DEG).abs() < 1e-15);
    }

    #[test]
    fn other_paths_and_duplicates_refused() {
        let t = table("inDegrees=no\n", &["/forceset/soleus_r/activation"]);
        assert!(matches!(
            Kinematics::from_table(&t, &none()).unwrap_err(),
            RecordedError::UnknownColumn { .. }
        ));
        let t = table(
            "inDegrees=no\n",
            &["/jointset/knee_r/knee_angle_r/value", "/jointset/other/knee_angle_r/value"],
        );
        assert!(matches!(
            Kinematics::from_table(&t, &none()).unwrap_err(),
            RecordedError::DuplicateCoordinate { .. }
        ));
    }

    fn all_23() -> CoordinateOptions {
        CoordinateOptions::requiring(CANONICAL_COORDINATES)
    }

    #[test]
    fn real_gait2354_ik_degrees() {
        let k = Kinematics::read(data("opensim/gait2354/subject01_walk1_ik.mot"), &all_23()).unwrap();
        assert_eq!(k.coordinates.len(), 23);
        assert!(k.source_in_degrees);
        // First row: knee −55.24623342°, pelvis_ty 1.04545552 m.
        assert!((k.get("knee_angle_r").unwrap()[0] - (-55.24623342 * DEG)).abs() < 1e-12);
        assert_eq!(k.get("pelvis_ty").unwrap()[0], 1.04545552);
    }

    /// The same trial rewritten the OpenSim 4 way (path labels, radians, no `inDegrees`)
    /// must give the same numbers: the failure the reference tool had.
    #[test]
    fn path_labelled_rewrite_of_gait2354_ik_matches() {
        let src = data("opensim/gait2354/subject01_walk1_ik.mot");
        let bare = Table::read(&src).unwrap();
        // The joint each coordinate belongs to in gait2354 (the name only decorates the path).
        let joint_of = |c: &str| -> String {
            let side = &c[c.len() - 2..];
            match c.split('_').next().unwrap() {
                "pelvis" => "ground_pelvis".to_string(),
                "lumbar" => "back".to_string(),
                stem => format!("{stem}{side}"),
            }
        };
        let mut text = String::from("Coordinates\nversion=1\nDataType=double\nendheader\ntime");
        for c in &bare.columns {
            text.push_str(&format!("\t/jointset/{}/{c}/value", joint_of(c)));
        }
        for c in &bare.columns {
            text.push_str(&format!("\t/jointset/{}/{c}/speed", joint_of(c)));
        }
        for r in 0..bare.n_rows() {
            text.push_str(&format!("\n{}", bare.time[r]));
            for (c, name) in bare.columns.iter().enumerate() {
                let k = if coordinate_kind(name) == Some(CoordinateKind::Rotational) { DEG } else { 1.0 };
                text.push_str(&format!("\t{:.17e}", bare.data[c][r] * k));
            }
            for _ in &bare.columns {
                text.push_str("\t0");
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("subject01_walk1_ik_paths.sto");
        std::fs::write(&p, text).unwrap();

        let from_paths = Kinematics::read(&p, &all_23()).unwrap();
        let from_bare = Kinematics::read(&src, &all_23()).unwrap();
        assert_eq!(from_paths.style, LabelStyle::Path);
        assert_eq!(from_paths.ignored_columns.len(), 23);
        assert_eq!(from_paths.coordinates, from_bare.coordinates);
        for (a, b) in from_paths.values.iter().zip(&from_bare.values) {
            for (x, y) in a.iter().zip(b) {
                assert!((x - y).abs() < 1e-12, "{x} vs {y}");
            }
        }
        // The same file claiming degrees would be a 57× error; the reader must follow the
        // header, so the header is what the test changes.
        let claimed = std::fs::read_to_string(&p).unwrap().replace("DataType=double", "inDegrees=yes");
        std::fs::write(&p, claimed).unwrap();
        let k = Kinematics::read(&p, &all_23()).unwrap();
        let ratio = from_bare.get("knee_angle_r").unwrap()[0] / k.get("knee_angle_r").unwrap()[0];
        assert!((ratio - 1.0 / DEG).abs() < 1e-9);
    }

    #[test]
    fn real_gait2392_kinematics() {
        let k = Kinematics::read(
            data("opensim/gait2392_jointreaction/subject01_walk1_Kinematics.sto"),
            &all_23(),
        )
        .unwrap();
        assert_eq!(k.time.len(), 1500);
        assert!((k.get("hip_flexion_r").unwrap()[0] - 18.96364647 * DEG).abs() < 1e-12);
    }
}
