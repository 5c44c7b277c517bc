//! Ground reaction forces from an OpenSim GRF table, mapped onto the feet.
//!
//! Either an ExternalLoads `.xml` says which columns load which body (OpenSim's rule: the
//! identifier plus `x`, `y`, `z`, so `ground_force_v` → `ground_force_vx/vy/vz`), or, with
//! no XML, a documented default mapping recognises the two label styles of the shared data:
//!
//! | style | right foot (`calcn_r`) | left foot (`calcn_l`) |
//! |---|---|---|
//! | gait2354 / gait10dof18musc | `ground_force_v*`, `ground_force_p*`, `ground_torque_*` | `1_ground_force_v*`, `1_ground_force_p*`, `1_ground_torque_*` |
//! | gait2392 | `right_foot_force_v*`, `right_foot_force_p*`, `right_foot_torque_*` | `left_foot_force_v*`, `left_foot_force_p*`, `left_foot_torque_*` |
//!
//! The first style's right/left assignment is an assumption taken from the trial's own
//! ExternalLoads file (`subject01_walk1_grf.xml` puts `ground_force_*` on `calcn_r`); other
//! labs number plates differently, so prefer an XML when there is one. The default mapping
//! refuses a table with any other column, so a third plate is never dropped silently.
//!
//! Values are taken as OpenSim writes them: force N, point m, torque N·m, all expressed in
//! the frames the XML names (ground for every file in the shared data).

use std::path::{Path, PathBuf};

use roxmltree::Node;

use super::error::{RecordedError, Result};
use super::osim::{child, child_text, parse_xml};
use super::resample::LinearResampler;
use super::table::Table;

/// A side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    Right,
    Left,
}

impl Side {
    /// `calcn_r`, `toes_r`, … → right; `…_l` → left; anything else → none.
    pub fn of_body(body: &str) -> Option<Side> {
        if body.ends_with("_r") {
            Some(Side::Right)
        } else if body.ends_with("_l") {
            Some(Side::Left)
        } else {
            None
        }
    }
}

/// One `<ExternalForce>` of an ExternalLoads file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalForce {
    pub name: String,
    /// False when `isDisabled` is true (OpenSim ≤ 3) or `appliesForce` is false (OpenSim 4).
    pub enabled: bool,
    pub applied_to_body: String,
    pub force_expressed_in_body: String,
    pub point_expressed_in_body: String,
    pub force_identifier: String,
    /// Empty: the force acts at the body's origin.
    pub point_identifier: String,
    /// Empty: no torque.
    pub torque_identifier: String,
    pub data_source_name: String,
}

/// An ExternalLoads file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalLoads {
    pub path: PathBuf,
    pub name: String,
    /// The `<datafile>` it names (relative to the XML), if any.
    pub datafile: Option<String>,
    pub forces: Vec<ExternalForce>,
}

/// One resolved load: per-sample vectors in SI units.
#[derive(Debug, Clone, PartialEq)]
pub struct AppliedLoad {
    pub name: String,
    pub applied_to_body: String,
    pub side: Option<Side>,
    pub force_expressed_in_body: String,
    pub point_expressed_in_body: String,
    /// Force, N.
    pub force: Vec<[f64; 3]>,
    /// Point of application, m; `None` when the load has no point identifier (body origin).
    pub point: Option<Vec<[f64; 3]>>,
    /// Free torque, N·m; `None` when the load has no torque identifier.
    pub torque: Option<Vec<[f64; 3]>>,
    /// The table columns read, in force, point, torque order.
    pub columns: Vec<String>,
}

/// The loads of one GRF table, on one time base.
#[derive(Debug, Clone, PartialEq)]
pub struct GroundLoads {
    /// The GRF table's file.
    pub path: PathBuf,
    pub time: Vec<f64>,
    pub loads: Vec<AppliedLoad>,
    /// Table columns no load used.
    pub unused_columns: Vec<String>,
}

impl ExternalLoads {
    /// Reads an ExternalLoads `.xml`.
    pub fn read(path: impl AsRef<Path>) -> Result<ExternalLoads> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| RecordedError::Io { path: path.to_path_buf(), source })?;
        ExternalLoads::parse(&text, path)
    }

    /// Parses the text of an ExternalLoads file; `path` is used in messages.
    pub fn parse(text: &str, path: impl Into<PathBuf>) -> Result<ExternalLoads> {
        let path = path.into();
        let doc = parse_xml(text, &path)?;
        let root = doc.root_element();
        let loads = if root.has_tag_name("ExternalLoads") {
            root
        } else {
            child(root, "ExternalLoads").ok_or_else(|| RecordedError::MissingField {
                path: path.clone(),
                element: format!("<{}>", root.tag_name().name()),
                field: "ExternalLoads".into(),
                expected: "an ExternalLoads document",
            })?
        };
        let mut forces = Vec::new();
        // Only `<objects>`: `<defaults>` holds templates, not loads.
        if let Some(objects) = child(loads, "objects") {
            for f in objects.children().filter(|n| n.has_tag_name("ExternalForce")) {
                forces.push(external_force(f, &path)?);
            }
        }
        Ok(ExternalLoads {
            name: loads.attribute("name").unwrap_or_default().to_string(),
            datafile: child_text(loads, "datafile").filter(|s| !s.is_empty()),
            forces,
            path,
        })
    }

    /// Resolves every enabled force's identifiers against `table`.
    ///
    /// Refused: an identifier that matches no columns (the error lists the expected labels
    /// and similar ones), and two forces reading the same columns — an XML copy-paste slip
    /// that OpenSim accepts silently (the shared gait2392 `foot_floor_loads.xml` gives the
    /// right foot `left_foot_torque_`).
    pub fn resolve(&self, table: &Table) -> Result<GroundLoads> {
        let enabled: Vec<&ExternalForce> = self.forces.iter().filter(|f| f.enabled).collect();
        for (i, a) in enabled.iter().enumerate() {
            for b in &enabled[i + 1..] {
                for (kind, x, y) in [
                    ("force", &a.force_identifier, &b.force_identifier),
                    ("point", &a.point_identifier, &b.point_identifier),
                    ("torque", &a.torque_identifier, &b.torque_identifier),
                ] {
                    if !x.is_empty() && x == y {
                        return Err(RecordedError::SharedIdentifier {
                            path: self.path.clone(),
                            first: a.name.clone(),
                            second: b.name.clone(),
                            kind,
                            identifier: x.clone(),
                        });
                    }
                }
            }
        }
        let loads = enabled.iter().map(|f| resolve_one(table, f)).collect::<Result<Vec<_>>>()?;
        Ok(GroundLoads::new(table, loads))
    }
}

impl GroundLoads {
    /// Resolves `table` with the trial's ExternalLoads file.
    pub fn from_xml(table: &Table, loads: &ExternalLoads) -> Result<GroundLoads> {
        loads.resolve(table)
    }

    /// Resolves `table` with the default mapping of the module documentation.
    pub fn from_default_mapping(table: &Table) -> Result<GroundLoads> {
        let styles: [[(&str, &str, &str); 2]; 2] = [
            [
                ("ground_force_v", "ground_force_p", "ground_torque_"),
                ("1_ground_force_v", "1_ground_force_p", "1_ground_torque_"),
            ],
            [
                ("right_foot_force_v", "right_foot_force_p", "right_foot_torque_"),
                ("left_foot_force_v", "left_foot_force_p", "left_foot_torque_"),
            ],
        ];
        let has = |id: &str| table.column(&format!("{id}x")).is_some();
        let matching: Vec<_> = styles.iter().filter(|s| has(s[0].0) || has(s[1].0)).collect();
        let style = match matching.as_slice() {
            [one] => *one,
            [] => {
                return Err(RecordedError::NoDefaultMapping {
                    path: table.path.clone(),
                    detail: format!(
                        "expected `ground_force_vx`/`1_ground_force_vx` or \
                         `right_foot_force_vx`/`left_foot_force_vx` among {:?}",
                        table.columns
                    ),
                });
            }
            _ => {
                return Err(RecordedError::NoDefaultMapping {
                    path: table.path.clone(),
                    detail: "the table has columns of both label styles".into(),
                });
            }
        };
        let mut loads = Vec::new();
        for ((force, point, torque), (name, body)) in
            style.iter().zip([("right", "calcn_r"), ("left", "calcn_l")])
        {
            let f = ExternalForce {
                name: name.into(),
                enabled: true,
                applied_to_body: body.into(),
                force_expressed_in_body: "ground".into(),
                point_expressed_in_body: "ground".into(),
                force_identifier: force.to_string(),
                point_identifier: point.to_string(),
                torque_identifier: torque.to_string(),
                data_source_name: String::new(),
            };
            loads.push(resolve_one(table, &f)?);
        }
        let g = GroundLoads::new(table, loads);
        if !g.unused_columns.is_empty() {
            return Err(RecordedError::NoDefaultMapping {
                path: table.path.clone(),
                detail: format!(
                    "columns {:?} belong to neither foot; pass an ExternalLoads file that \
                     says where they go",
                    g.unused_columns
                ),
            });
        }
        Ok(g)
    }

    fn new(table: &Table, loads: Vec<AppliedLoad>) -> GroundLoads {
        let used: Vec<&String> = loads.iter().flat_map(|l| &l.columns).collect();
        GroundLoads {
            path: table.path.clone(),
            time: table.time.clone(),
            unused_columns: table.columns.iter().filter(|c| !used.contains(c)).cloned().collect(),
            loads,
        }
    }

    /// The load on a foot, if exactly one load is on that side.
    pub fn foot(&self, side: Side) -> Option<&AppliedLoad> {
        let mut on_side = self.loads.iter().filter(|l| l.side == Some(side));
        match (on_side.next(), on_side.next()) {
            (Some(l), None) => Some(l),
            _ => None,
        }
    }

    /// These loads linearly interpolated at `times` (e.g. the kinematics' times).
    pub fn resampled(&self, times: &[f64], target: &str) -> Result<GroundLoads> {
        let r = LinearResampler::new(&self.path, &self.time, target, times)?;
        Ok(GroundLoads {
            path: self.path.clone(),
            time: times.to_vec(),
            loads: self
                .loads
                .iter()
                .map(|l| AppliedLoad {
                    force: r.apply3(&l.force),
                    point: l.point.as_deref().map(|p| r.apply3(p)),
                    torque: l.torque.as_deref().map(|t| r.apply3(t)),
                    ..l.clone()
                })
                .collect(),
            unused_columns: self.unused_columns.clone(),
        })
    }
}

fn external_force(node: Node, path: &Path) -> Result<ExternalForce> {
    let name = node.attribute("name").unwrap_or_default().to_string();
    let element = format!("ExternalForce `{name}`");
    let text = |field: &str| child_text(node, field).unwrap_or_default();
    let flag = |field: &str| -> Result<Option<bool>> {
        match child_text(node, field) {
            None => Ok(None),
            Some(t) => match t.as_str() {
                "true" => Ok(Some(true)),
                "false" => Ok(Some(false)),
                _ => Err(RecordedError::BadField {
                    path: path.to_path_buf(),
                    element: element.clone(),
                    field: field.into(),
                    text: t,
                    expected: "`true` or `false`",
                }),
            },
        }
    };
    let enabled = match (flag("appliesForce")?, flag("isDisabled")?) {
        (Some(applies), _) => applies,
        (None, Some(disabled)) => !disabled,
        (None, None) => true,
    };
    let applied_to_body = text("applied_to_body");
    if applied_to_body.is_empty() {
        return Err(RecordedError::MissingField {
            path: path.to_path_buf(),
            element,
            field: "applied_to_body".into(),
            expected: "the name of the body the force acts on",
        });
    }
    let force_identifier = text("force_identifier");
    if force_identifier.is_empty() {
        return Err(RecordedError::MissingField {
            path: path.to_path_buf(),
            element,
            field: "force_identifier".into(),
            expected: "the column prefix of the force, e.g. `ground_force_v`",
        });
    }
    // OpenSim's default for both frames is ground.
    let or_ground = |s: String| if s.is_empty() { "ground".into() } else { s };
    Ok(ExternalForce {
        enabled,
        applied_to_body,
        force_expressed_in_body: or_ground(text("force_expressed_in_body")),
        point_expressed_in_body: or_ground(text("point_expressed_in_body")),
        force_identifier,
        point_identifier: text("point_identifier"),
        torque_identifier: text("torque_identifier"),
        data_source_name: text("data_source_name"),
        name,
    })
}

fn resolve_one(table: &Table, f: &ExternalForce) -> Result<AppliedLoad> {
    let mut columns = Vec::new();
    let mut triple = |kind: &'static str, id: &str| -> Result<Vec<[f64; 3]>> {
        let labels: Vec<String> = ["x", "y", "z"].iter().map(|a| format!("{id}{a}")).collect();
        let found: Vec<Option<&[f64]>> = labels.iter().map(|l| table.column(l)).collect();
        if found.iter().any(Option::is_none) {
            return Err(RecordedError::IdentifierNotFound {
                path: table.path.clone(),
                force: f.name.clone(),
                kind,
                identifier: id.to_string(),
                // Columns sharing the identifier's stem, to point at the likely typo.
                similar: table
                    .columns
                    .iter()
                    .filter(|c| {
                        let stem = c.trim_end_matches(['x', 'y', 'z']);
                        c.contains(id) || (!stem.is_empty() && id.contains(stem))
                    })
                    .cloned()
                    .collect(),
            });
        }
        columns.extend(labels);
        let [x, y, z] = [found[0].unwrap(), found[1].unwrap(), found[2].unwrap()];
        Ok((0..table.n_rows()).map(|r| [x[r], y[r], z[r]]).collect())
    };
    let force = triple("force", &f.force_identifier)?;
    let point =
        if f.point_identifier.is_empty() { None } else { Some(triple("point", &f.point_identifier)?) };
    let torque =
        if f.torque_identifier.is_empty() { None } else { Some(triple("torque", &f.torque_identifier)?) };
    Ok(AppliedLoad {
        name: f.name.clone(),
        applied_to_body: f.applied_to_body.clone(),
        side: Side::of_body(&f.applied_to_body),
        force_expressed_in_body: f.force_expressed_in_body.clone(),
        point_expressed_in_body: f.point_expressed_in_body.clone(),
        force,
        point,
        torque,
        columns,
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;

    fn grf_2354() -> Table {
        Table::read(data("opensim/gait2354/subject01_walk1_grf.mot")).unwrap()
    }

    #[test]
    fn reads_the_gait2354_xml() {
        let x = ExternalLoads::read(data("opensim/gait2354/subject01_walk1_grf.xml")).unwrap();
        assert_eq!(x.name, "Ex2");
        assert_eq!(x.datafile.as_deref(), Some("subject01_walk1_grf.mot"));
        assert_eq!(x.forces.len(), 2);
        let r = &x.forces[0];
        assert_eq!(r.name, "right");
        assert!(r.enabled);
        assert_eq!(r.applied_to_body, "calcn_r");
        assert_eq!(r.force_expressed_in_body, "ground");
        assert_eq!(r.point_expressed_in_body, "ground");
        assert_eq!(r.force_identifier, "ground_force_v");
        assert_eq!(r.point_identifier, "ground_force_p");
        assert_eq!(r.torque_identifier, "ground_torque_");
        assert_eq!(r.data_source_name, "Unassigned");
        assert_eq!(x.forces[1].force_identifier, "1_ground_force_v");
    }

    #[test]
    fn resolves_the_gait2354_grf_through_the_xml() {
        let x = ExternalLoads::read(data("opensim/gait2354/subject01_walk1_grf.xml")).unwrap();
        let g = x.resolve(&grf_2354()).unwrap();
        assert!(g.unused_columns.is_empty(), "{:?}", g.unused_columns);
        let right = g.foot(Side::Right).unwrap();
        let left = g.foot(Side::Left).unwrap();
        // First row of the file.
        assert_eq!(right.force[0], [101.5119767, 745.4661142, -47.44870554]);
        assert_eq!(right.point.as_ref().unwrap()[0], [0.37898285, -0.0075, 0.12774652]);
        assert_eq!(right.torque.as_ref().unwrap()[0], [0.0, 13.53783445, 0.0]);
        assert_eq!(left.force[0], [17.26938127, 20.49185173, -7.46930128]);
        assert_eq!(left.torque.as_ref().unwrap()[0], [1.5550397, -0.75741936, 6.88030347]);
        // The default mapping agrees with the XML for this label style.
        let d = GroundLoads::from_default_mapping(&grf_2354()).unwrap();
        assert_eq!(d.foot(Side::Right).unwrap().force, right.force);
        assert_eq!(d.foot(Side::Left).unwrap().torque, left.torque);
        // Body weight (≈72.6 kg) is carried: peak total vertical force ≈ 1.1–1.4 BW.
        let peak = (0..g.time.len()).map(|r| right.force[r][1] + left.force[r][1]).fold(0.0, f64::max);
        assert!(peak > 1.0 * 72.6 * 9.81 && peak < 1.5 * 72.6 * 9.81, "{peak}");
    }

    #[test]
    fn unknown_identifier_names_what_was_expected() {
        let text = std::fs::read_to_string(data("opensim/gait2354/subject01_walk1_grf.xml"))
            .unwrap()
            .replace("<force_identifier> 1_ground_force_v", "<force_identifier> 2_ground_force_v");
        let x = ExternalLoads::parse(&text, "edited.xml").unwrap();
        let e = x.resolve(&grf_2354()).unwrap_err();
        match &e {
            RecordedError::IdentifierNotFound { identifier, similar, force, .. } => {
                assert_eq!(identifier, "2_ground_force_v");
                assert_eq!(force, "left");
                assert!(similar.contains(&"ground_force_vx".to_string()), "{similar:?}");
            }
            _ => panic!("{e}"),
        }
        let msg = e.to_string();
        assert!(msg.contains("subject01_walk1_grf.mot") && msg.contains("`2_ground_force_vx`"), "{msg}");
    }

    #[test]
    fn shared_torque_identifier_in_gait2392_xml_is_refused() {
        let x = ExternalLoads::read(data("opensim/gait2392_jointreaction/foot_floor_loads.xml")).unwrap();
        // The `<defaults>` section holds templates, not loads.
        assert_eq!(x.forces.len(), 2);
        assert_eq!(x.forces[0].torque_identifier, "left_foot_torque_");
        let t = gait2392_like_table();
        let e = x.resolve(&t).unwrap_err();
        assert!(matches!(e, RecordedError::SharedIdentifier { kind: "torque", .. }), "{e}");
        // The default mapping for that label style reads each foot's own torque.
        let g = GroundLoads::from_default_mapping(&t).unwrap();
        assert_eq!(g.foot(Side::Right).unwrap().torque.as_ref().unwrap()[0], [0.0, 13.53783445, 0.0]);
        assert_eq!(g.foot(Side::Left).unwrap().applied_to_body, "calcn_l");
    }

    /// The first rows of gait2392's `subject01_walk1_grf.mot`, in its own header layout
    /// (the 3.6 MB file itself is not copied).
    fn gait2392_like_table() -> Table {
        let labels = [
            "right_foot_force_vx",
            "right_foot_force_vy",
            "right_foot_force_vz",
            "right_foot_force_px",
            "right_foot_force_py",
            "right_foot_force_pz",
            "left_foot_force_vx",
            "left_foot_force_vy",
            "left_foot_force_vz",
            "left_foot_force_px",
            "left_foot_force_py",
            "left_foot_force_pz",
            "right_foot_torque_x",
            "right_foot_torque_y",
            "right_foot_torque_z",
            "left_foot_torque_x",
            "left_foot_torque_y",
            "left_foot_torque_z",
        ];
        let rows = [
            "0.00000000 101.51197668 745.46611415 -47.44870554 0.37898285 -0.00750000 0.12774652 17.26938127 20.49185173 -7.46930128 0.81009656 -0.00750000 -0.05354309 0.00000000 13.53783445 0.00000000 1.55503970 -0.75741936 6.88030347",
            "0.00170000 103.20438764 743.09734128 -46.86966548 0.37809513 -0.00750000 0.12810137 18.91380164 28.77852948 -7.85752687 0.80990349 -0.00750000 -0.05269428 0.00000000 12.55074067 0.00000000 1.31259011 -0.63901732 6.11982231",
        ];
        let mut text = String::from(
            "name subject01_walk1_grf.mot\ndatacolumns 19\ndatarows 2\nrange 0.000000 0.001700\nendheader\n                time",
        );
        for l in labels {
            text.push_str(&format!("\t     {l}"));
        }
        text.push_str("\t\n");
        for r in rows {
            text.push_str(&r.replace(' ', "\t"));
            text.push_str("\t\n");
        }
        Table::parse(&text, "gait2392_grf_head.mot").unwrap()
    }

    #[test]
    fn default_mapping_refuses_unknown_layouts() {
        let t = Table::parse("endheader\ntime\tfx\n0\t1\n", "x.mot").unwrap();
        assert!(matches!(
            GroundLoads::from_default_mapping(&t).unwrap_err(),
            RecordedError::NoDefaultMapping { .. }
        ));
        // A third plate would be dropped: refused.
        let mut text = String::from("endheader\ntime");
        let mut n = 0;
        for p in ["", "1_", "2_"] {
            for q in ["ground_force_v", "ground_force_p", "ground_torque_"] {
                for a in ["x", "y", "z"] {
                    text.push_str(&format!("\t{p}{q}{a}"));
                    n += 1;
                }
            }
        }
        text.push_str("\n0");
        for _ in 0..n {
            text.push_str("\t1");
        }
        let t = Table::parse(&text, "three_plates.mot").unwrap();
        let e = GroundLoads::from_default_mapping(&t).unwrap_err();
        assert!(e.to_string().contains("2_ground_force_vx"), "{e}");
    }

    #[test]
    fn resamples_onto_kinematics_times() {
        let g = GroundLoads::from_default_mapping(&grf_2354()).unwrap();
        let ik = Table::read(data("opensim/gait2354/subject01_walk1_ik.mot")).unwrap();
        let r = g.resampled(&ik.time, "subject01_walk1_ik.mot").unwrap();
        assert_eq!(r.time.len(), 73);
        assert_eq!(r.foot(Side::Right).unwrap().force.len(), 73);
    }

    #[test]
    fn malformed_xml_is_refused() {
        let e = ExternalLoads::parse("<OpenSimDocument><ExternalLoads>", "bad.xml").unwrap_err();
        assert!(matches!(e, RecordedError::Xml { .. }), "{e}");
        assert!(e.to_string().contains("bad.xml"));
        let e = ExternalLoads::parse(
            "<OpenSimDocument><ExternalLoads><objects><ExternalForce name=\"r\">\
             <force_identifier>f</force_identifier></ExternalForce></objects></ExternalLoads>\
             </OpenSimDocument>",
            "nobody.xml",
        )
        .unwrap_err();
        assert!(
            matches!(e, RecordedError::MissingField { ref field, .. } if field == "applied_to_body"),
            "{e}"
        );
    }
}
