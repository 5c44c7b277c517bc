//! OpenSim models (`.osim`): bodies, joints with their coordinates and spatial transforms,
//! muscles with their path points, and markers.
//!
//! Two layouts are read:
//! - **OpenSim ≤ 3.x** (`Version` 2xxxx/3xxxx): each `<Body>` owns its `<Joint>`, which names
//!   its `parent_body` and gives `location_in_parent`, `orientation_in_parent`, `location`,
//!   `orientation`; inertia as `inertia_xx` … `inertia_yz`; path points name their `<body>`.
//! - **OpenSim 4.x** (`Version` 4xxxx): a `<JointSet>` whose joints connect frames through
//!   `socket_parent_frame`/`socket_child_frame`, usually `PhysicalOffsetFrame`s in the joint's
//!   `<frames>` (their `translation`/`orientation` are the joint's location and orientation
//!   in the parent and child bodies); inertia as six numbers; path points and markers name a
//!   `socket_parent_frame` path such as `/bodyset/pelvis`.
//!
//! The layout is told from the structure (a populated `<JointSet>` means 4.x), not from the
//! version number. The shared gait models are all 4.x files (`Version="40000"`).
//!
//! Both layouts give the same [`OsimModel`]. Orientations are OpenSim's body-fixed X-Y-Z
//! Euler angles, rad. The ground is not listed among the bodies. A body or joint missing a
//! field that the dynamics needs is refused, naming the file, the element and its line.

use std::path::{Path, PathBuf};

use roxmltree::{Document, Node};

use super::error::{RecordedError, Result};

/// Which of the two `.osim` layouts the file used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsimLayout {
    /// Joints inside bodies (OpenSim 2.x and 3.x).
    V3,
    /// A `JointSet` with offset frames (OpenSim 4.x).
    V4,
}

/// A parsed `.osim` model.
#[derive(Debug, Clone, PartialEq)]
pub struct OsimModel {
    pub path: PathBuf,
    pub name: String,
    /// The `OpenSimDocument` `Version` attribute (e.g. 30000, 40000), if present.
    pub version: Option<u32>,
    pub layout: OsimLayout,
    /// Gravity in ground, m/s², if given.
    pub gravity: Option<[f64; 3]>,
    /// Bodies in file order, ground excluded.
    pub bodies: Vec<Body>,
    /// Joints in file order.
    pub joints: Vec<Joint>,
    /// Muscles (every force element whose type name contains `Muscle`), in file order.
    pub muscles: Vec<Muscle>,
    pub markers: Vec<Marker>,
}

/// A rigid body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub name: String,
    /// kg
    pub mass: f64,
    /// Centre of mass in the body frame, m.
    pub mass_center: [f64; 3],
    /// About the centre of mass, in the body frame, kg·m².
    pub inertia: Inertia,
}

/// Inertia tensor components, kg·m².
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Inertia {
    pub xx: f64,
    pub yy: f64,
    pub zz: f64,
    pub xy: f64,
    pub xz: f64,
    pub yz: f64,
}

/// A joint between a parent and a child body.
#[derive(Debug, Clone, PartialEq)]
pub struct Joint {
    pub name: String,
    /// The element type: `CustomJoint`, `PinJoint`, `WeldJoint`, …
    pub kind: String,
    /// Parent body name (`ground` for the ground).
    pub parent_body: String,
    pub child_body: String,
    /// Joint frame origin in the parent body frame, m.
    pub location_in_parent: [f64; 3],
    /// Joint frame orientation in the parent body frame (body-fixed XYZ), rad.
    pub orientation_in_parent: [f64; 3],
    /// Joint frame origin in the child body frame, m.
    pub location: [f64; 3],
    /// Joint frame orientation in the child body frame (body-fixed XYZ), rad.
    pub orientation: [f64; 3],
    pub coordinates: Vec<Coordinate>,
    /// The six axes of a `CustomJoint` (`rotation1..3`, `translation1..3`); empty for other
    /// joint types, whose motion is fixed by the type (a `PinJoint` rotates about the joint
    /// frame's Z axis).
    pub spatial_transform: Vec<TransformAxis>,
}

/// Whether a coordinate is an angle or a distance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionType {
    Rotational,
    Translational,
    Coupled,
}

/// A generalised coordinate of a joint.
#[derive(Debug, Clone, PartialEq)]
pub struct Coordinate {
    pub name: String,
    /// From `motion_type` (3.x) or inferred from the joint (4.x: a coordinate that drives a
    /// rotation axis is rotational).
    pub motion_type: MotionType,
    /// rad or m
    pub default_value: f64,
    /// rad or m
    pub range: [f64; 2],
    pub locked: bool,
    pub clamped: bool,
}

/// One axis of a `CustomJoint`'s spatial transform.
#[derive(Debug, Clone, PartialEq)]
pub struct TransformAxis {
    /// `rotation1` … `translation3`.
    pub name: String,
    /// The coordinates the function takes (usually one, or none for a constant).
    pub coordinates: Vec<String>,
    /// Axis in the joint's parent frame.
    pub axis: [f64; 3],
    /// Amount of rotation (rad) or translation (m) as a function of the coordinate.
    pub function: Function,
}

impl TransformAxis {
    /// Whether this is one of the rotation axes.
    pub fn is_rotation(&self) -> bool {
        self.name.starts_with("rotation")
    }
}

/// An OpenSim function of one variable.
#[derive(Debug, Clone, PartialEq)]
pub enum Function {
    Constant(f64),
    /// `slope · x + intercept`
    Linear {
        slope: f64,
        intercept: f64,
    },
    /// SIMM's cubic spline (the Forsythe–Malcolm–Moler `spline` routine).
    SimmSpline {
        x: Vec<f64>,
        y: Vec<f64>,
    },
    NaturalCubicSpline {
        x: Vec<f64>,
        y: Vec<f64>,
    },
    PiecewiseLinear {
        x: Vec<f64>,
        y: Vec<f64>,
    },
    /// Coefficients from the highest power down (SimTK's convention).
    Polynomial(Vec<f64>),
    /// `scale · function(x)`
    Multiplier {
        scale: f64,
        function: Box<Function>,
    },
    /// A function type this reader keeps by name only.
    Other(String),
}

impl Function {
    /// The function's value at `x`, or `None` for a type this reader cannot evaluate
    /// (`NaturalCubicSpline`, `Other`). Splines are extrapolated linearly with the end slope,
    /// as OpenSim does.
    pub fn eval(&self, x: f64) -> Option<f64> {
        match self {
            Function::Constant(v) => Some(*v),
            Function::Linear { slope, intercept } => Some(slope * x + intercept),
            Function::SimmSpline { x: xs, y: ys } => Some(simm_spline(xs, ys, x)),
            Function::PiecewiseLinear { x: xs, y: ys } => Some(piecewise_linear(xs, ys, x)),
            Function::Polynomial(c) => Some(c.iter().fold(0.0, |acc, k| acc * x + k)),
            Function::Multiplier { scale, function } => function.eval(x).map(|v| scale * v),
            Function::NaturalCubicSpline { .. } | Function::Other(_) => None,
        }
    }
}

/// A muscle (any `…Muscle…` force element with a geometry path).
#[derive(Debug, Clone, PartialEq)]
pub struct Muscle {
    pub name: String,
    /// The element type: `Thelen2003Muscle`, `Millard2012EquilibriumMuscle`, …
    pub kind: String,
    /// False when `appliesForce` is false or `isDisabled` is true.
    pub enabled: bool,
    /// N
    pub max_isometric_force: f64,
    /// m
    pub optimal_fiber_length: Option<f64>,
    /// m
    pub tendon_slack_length: Option<f64>,
    /// rad
    pub pennation_angle_at_optimal: Option<f64>,
    pub path: Vec<PathPoint>,
}

/// A point of a muscle path, fixed in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPoint {
    pub name: String,
    pub body: String,
    /// In the body frame, m. `None` for a 4.x `MovingPathPoint`, whose location is only
    /// given as functions of coordinates (see [`PathPointKind::Moving`]).
    pub location: Option<[f64; 3]>,
    pub kind: PathPointKind,
}

/// How a path point behaves.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPointKind {
    Fixed,
    /// Active only while `coordinate` lies within `range` (rad or m).
    Conditional {
        coordinate: String,
        range: [f64; 2],
    },
    /// Each location component is a function of a coordinate: `(coordinate, function)`.
    Moving {
        x: Option<(String, Function)>,
        y: Option<(String, Function)>,
        z: Option<(String, Function)>,
    },
}

/// A marker fixed in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub name: String,
    pub body: String,
    /// In the body frame, m.
    pub location: [f64; 3],
}

impl OsimModel {
    /// Reads an `.osim` file.
    pub fn read(path: impl AsRef<Path>) -> Result<OsimModel> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| RecordedError::Io { path: path.to_path_buf(), source })?;
        OsimModel::parse(&text, path)
    }

    /// Parses the text of an `.osim` file; `path` is used in messages.
    pub fn parse(text: &str, path: impl Into<PathBuf>) -> Result<OsimModel> {
        let path = path.into();
        let doc = parse_xml(text, &path)?;
        Parser { path: &path }.model(&doc)
    }

    /// Sum of the body masses, kg.
    pub fn total_mass(&self) -> f64 {
        self.bodies.iter().map(|b| b.mass).sum()
    }

    pub fn body(&self, name: &str) -> Option<&Body> {
        self.bodies.iter().find(|b| b.name == name)
    }

    pub fn joint(&self, name: &str) -> Option<&Joint> {
        self.joints.iter().find(|j| j.name == name)
    }

    pub fn muscle(&self, name: &str) -> Option<&Muscle> {
        self.muscles.iter().find(|m| m.name == name)
    }

    pub fn marker(&self, name: &str) -> Option<&Marker> {
        self.markers.iter().find(|m| m.name == name)
    }

    /// A coordinate by name, with the joint that owns it.
    pub fn coordinate(&self, name: &str) -> Option<(&Joint, &Coordinate)> {
        self.joints.iter().find_map(|j| j.coordinates.iter().find(|c| c.name == name).map(|c| (j, c)))
    }
}

// ------------------------------------------------------------------ XML helpers

/// Parses XML, mapping errors to [`RecordedError::Xml`].
pub(crate) fn parse_xml<'a>(text: &'a str, path: &Path) -> Result<Document<'a>> {
    Document::parse(text).map_err(|source| RecordedError::Xml { path: path.to_path_buf(), source })
}

/// The first child element with this tag.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, tag: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(tag))
}

/// The trimmed text of the first child element with this tag (empty element → `""`).
pub(crate) fn child_text(node: Node, tag: &str) -> Option<String> {
    child(node, tag).map(|n| n.text().unwrap_or_default().trim().to_string())
}

/// `Body `femur_r` (line 102)`: how errors name an element.
fn describe(node: Node) -> String {
    let line = node.document().text_pos_at(node.range().start).row;
    match node.attribute("name") {
        Some(name) => format!("{} `{name}` (line {line})", node.tag_name().name()),
        None => format!("<{}> (line {line})", node.tag_name().name()),
    }
}

/// The last component of a component path: `/bodyset/pelvis` → `pelvis`.
fn last_component(path: &str) -> &str {
    path.trim_end_matches('/').rsplit('/').next().unwrap_or(path)
}

struct Parser<'p> {
    path: &'p Path,
}

impl Parser<'_> {
    fn missing(&self, node: Node, field: &str, expected: &'static str) -> RecordedError {
        RecordedError::MissingField {
            path: self.path.to_path_buf(),
            element: describe(node),
            field: field.to_string(),
            expected,
        }
    }

    fn bad(&self, node: Node, field: &str, text: &str, expected: &'static str) -> RecordedError {
        RecordedError::BadField {
            path: self.path.to_path_buf(),
            element: describe(node),
            field: field.to_string(),
            text: text.to_string(),
            expected,
        }
    }

    fn unsupported(&self, node: Node, detail: String) -> RecordedError {
        RecordedError::Unsupported { path: self.path.to_path_buf(), element: describe(node), detail }
    }

    /// Finite numbers from a field's text; `n` of them when `n` is given.
    fn numbers(&self, node: Node, field: &str, n: Option<usize>) -> Result<Option<Vec<f64>>> {
        let Some(text) = child_text(node, field) else {
            return Ok(None);
        };
        let expected = match n {
            Some(1) => "a finite number",
            Some(2) => "2 finite numbers",
            Some(3) => "3 finite numbers",
            Some(6) => "6 finite numbers",
            _ => "finite numbers",
        };
        let values: Vec<f64> = text
            .split_whitespace()
            .map(|t| t.parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect::<Option<_>>()
            .ok_or_else(|| self.bad(node, field, &text, expected))?;
        if n.is_some_and(|n| values.len() != n) {
            return Err(self.bad(node, field, &text, expected));
        }
        Ok(Some(values))
    }

    fn number(&self, node: Node, field: &str) -> Result<Option<f64>> {
        Ok(self.numbers(node, field, Some(1))?.map(|v| v[0]))
    }

    fn required_number(&self, node: Node, field: &str, expected: &'static str) -> Result<f64> {
        self.number(node, field)?.ok_or_else(|| self.missing(node, field, expected))
    }

    fn vec3(&self, node: Node, field: &str) -> Result<Option<[f64; 3]>> {
        Ok(self.numbers(node, field, Some(3))?.map(|v| [v[0], v[1], v[2]]))
    }

    fn required_vec3(&self, node: Node, field: &str, expected: &'static str) -> Result<[f64; 3]> {
        self.vec3(node, field)?.ok_or_else(|| self.missing(node, field, expected))
    }

    fn flag(&self, node: Node, field: &str) -> Result<Option<bool>> {
        match child_text(node, field) {
            None => Ok(None),
            Some(t) if t == "true" => Ok(Some(true)),
            Some(t) if t == "false" => Ok(Some(false)),
            Some(t) => Err(self.bad(node, field, &t, "`true` or `false`")),
        }
    }

    fn enabled(&self, node: Node) -> Result<bool> {
        Ok(match (self.flag(node, "appliesForce")?, self.flag(node, "isDisabled")?) {
            (Some(applies), _) => applies,
            (None, Some(disabled)) => !disabled,
            (None, None) => true,
        })
    }

    // ------------------------------------------------------------- the model

    fn model(&self, doc: &Document) -> Result<OsimModel> {
        let root = doc.root_element();
        let model = if root.has_tag_name("Model") {
            root
        } else {
            child(root, "Model").ok_or_else(|| self.missing(root, "Model", "an OpenSim model document"))?
        };
        let version = root.attribute("Version").and_then(|v| v.parse().ok());
        let objects = |set: &str| -> Vec<Node> {
            child(model, set)
                .and_then(|s| child(s, "objects"))
                .map(|o| o.children().filter(Node::is_element).collect())
                .unwrap_or_default()
        };
        let body_nodes = objects("BodySet");
        let joint_nodes = objects("JointSet");
        let layout = if joint_nodes.is_empty() { OsimLayout::V3 } else { OsimLayout::V4 };

        let mut bodies = Vec::new();
        for b in &body_nodes {
            if !b.has_tag_name("Body") {
                return Err(self.unsupported(*b, "expected <Body> in the BodySet".into()));
            }
            // OpenSim ≤ 3 lists the ground as a massless body without a joint.
            if b.attribute("name") == Some("ground") {
                continue;
            }
            bodies.push(self.body(*b, layout)?);
        }
        let body_names: Vec<&str> = bodies.iter().map(|b| b.name.as_str()).collect();

        let mut joints = Vec::new();
        match layout {
            OsimLayout::V4 => {
                for j in &joint_nodes {
                    joints.push(self.joint_v4(*j, &body_names)?);
                }
            }
            OsimLayout::V3 => {
                for b in &body_nodes {
                    if b.attribute("name") == Some("ground") {
                        continue;
                    }
                    let joint = b
                        .children()
                        .find(|n| n.tag_name().name().eq_ignore_ascii_case("Joint"))
                        .and_then(|w| w.children().find(Node::is_element))
                        .ok_or_else(|| {
                            self.missing(*b, "Joint", "the joint connecting the body to its parent")
                        })?;
                    let child_name = b.attribute("name").unwrap_or_default();
                    joints.push(self.joint_v3(joint, child_name, &body_names)?);
                }
            }
        }

        let mut muscles = Vec::new();
        for f in objects("ForceSet") {
            if f.tag_name().name().contains("Muscle") {
                muscles.push(self.muscle(f, &body_names)?);
            }
        }
        let mut markers = Vec::new();
        for m in objects("MarkerSet") {
            markers.push(self.marker(m, &body_names)?);
        }

        Ok(OsimModel {
            path: self.path.to_path_buf(),
            name: model.attribute("name").unwrap_or_default().to_string(),
            version,
            layout,
            gravity: self.vec3(model, "gravity")?,
            bodies,
            joints,
            muscles,
            markers,
        })
    }

    fn body(&self, b: Node, layout: OsimLayout) -> Result<Body> {
        let name = b.attribute("name").ok_or_else(|| self.missing(b, "name", "a body name attribute"))?;
        let mass = self.required_number(b, "mass", "the body mass, kg")?;
        if mass < 0.0 {
            return Err(self.bad(b, "mass", &mass.to_string(), "a mass ≥ 0 kg"));
        }
        let mass_center = self.required_vec3(b, "mass_center", "the centre of mass in the body frame, m")?;
        let inertia = match (layout, self.numbers(b, "inertia", Some(6))?) {
            (_, Some(v)) => Inertia { xx: v[0], yy: v[1], zz: v[2], xy: v[3], xz: v[4], yz: v[5] },
            (_, None) => {
                let c = |f: &str| {
                    self.required_number(
                        b,
                        f,
                        "the inertia as <inertia>xx yy zz xy xz yz</inertia> or \
                         <inertia_xx> … <inertia_yz>",
                    )
                };
                Inertia {
                    xx: c("inertia_xx")?,
                    yy: c("inertia_yy")?,
                    zz: c("inertia_zz")?,
                    xy: c("inertia_xy")?,
                    xz: c("inertia_xz")?,
                    yz: c("inertia_yz")?,
                }
            }
        };
        Ok(Body { name: name.to_string(), mass, mass_center, inertia })
    }

    fn check_body(&self, node: Node, field: &str, name: &str, bodies: &[&str]) -> Result<()> {
        if name == "ground" || bodies.contains(&name) {
            Ok(())
        } else {
            Err(self.bad(node, field, name, "the name of a body in the BodySet, or ground"))
        }
    }

    fn joint_v3(&self, j: Node, child_body: &str, bodies: &[&str]) -> Result<Joint> {
        let parent_body = child_text(j, "parent_body")
            .filter(|s| !s.is_empty())
            .ok_or_else(|| self.missing(j, "parent_body", "the parent body's name"))?;
        self.check_body(j, "parent_body", &parent_body, bodies)?;
        let coordinates = match child(j, "CoordinateSet").and_then(|s| child(s, "objects")) {
            Some(objects) => objects
                .children()
                .filter(|n| n.has_tag_name("Coordinate"))
                .map(|c| self.coordinate(c))
                .collect::<Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        let mut joint = Joint {
            name: j.attribute("name").unwrap_or_default().to_string(),
            kind: j.tag_name().name().to_string(),
            parent_body,
            child_body: child_body.to_string(),
            location_in_parent: self.required_vec3(
                j,
                "location_in_parent",
                "the joint's position in the parent body, m",
            )?,
            orientation_in_parent: self.required_vec3(
                j,
                "orientation_in_parent",
                "the joint's orientation in the parent body, rad",
            )?,
            location: self.required_vec3(j, "location", "the joint's position in the child body, m")?,
            orientation: self.required_vec3(
                j,
                "orientation",
                "the joint's orientation in the child body, rad",
            )?,
            coordinates,
            spatial_transform: self.spatial_transform(j)?,
        };
        self.finish_coordinates(j, &mut joint, true)?;
        Ok(joint)
    }

    fn joint_v4(&self, j: Node, bodies: &[&str]) -> Result<Joint> {
        let frames: Vec<Node> =
            child(j, "frames").map(|f| f.children().filter(Node::is_element).collect()).unwrap_or_default();
        // A socket names a frame of this joint, or a body (or ground) directly.
        let resolve = |socket: &str| -> Result<(String, [f64; 3], [f64; 3])> {
            let text = child_text(j, socket)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| self.missing(j, socket, "the path of the frame the joint connects"))?;
            let name = last_component(&text);
            if let Some(f) = frames.iter().find(|f| f.attribute("name") == Some(name)) {
                if !f.has_tag_name("PhysicalOffsetFrame") {
                    return Err(self.unsupported(*f, "only PhysicalOffsetFrame joint frames are read".into()));
                }
                let parent = child_text(*f, "socket_parent")
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| self.missing(*f, "socket_parent", "the path of the frame's body"))?;
                let body = last_component(&parent).to_string();
                if frames.iter().any(|g| g.attribute("name") == Some(body.as_str())) {
                    return Err(self.unsupported(
                        *f,
                        format!(
                            "offset frame `{name}` is attached to another offset frame \
                             (`{parent}`); only frames on a body are read"
                        ),
                    ));
                }
                self.check_body(*f, "socket_parent", &body, bodies)?;
                let translation =
                    self.required_vec3(*f, "translation", "the frame's position in its body, m")?;
                let orientation =
                    self.required_vec3(*f, "orientation", "the frame's orientation in its body, rad")?;
                Ok((body, translation, orientation))
            } else {
                self.check_body(j, socket, name, bodies)?;
                Ok((name.to_string(), [0.0; 3], [0.0; 3]))
            }
        };
        let (parent_body, location_in_parent, orientation_in_parent) = resolve("socket_parent_frame")?;
        let (child_body, location, orientation) = resolve("socket_child_frame")?;
        let coordinates = match child(j, "coordinates") {
            Some(c) => c
                .children()
                .filter(|n| n.has_tag_name("Coordinate"))
                .map(|c| self.coordinate(c))
                .collect::<Result<Vec<_>>>()?,
            None => Vec::new(),
        };
        let mut joint = Joint {
            name: j.attribute("name").unwrap_or_default().to_string(),
            kind: j.tag_name().name().to_string(),
            parent_body,
            child_body,
            location_in_parent,
            orientation_in_parent,
            location,
            orientation,
            coordinates,
            spatial_transform: self.spatial_transform(j)?,
        };
        self.finish_coordinates(j, &mut joint, false)?;
        Ok(joint)
    }

    fn coordinate(&self, c: Node) -> Result<Coordinate> {
        let motion_type = match child_text(c, "motion_type").as_deref() {
            None | Some("") => MotionType::Rotational, // replaced by inference for 4.x
            Some("rotational") => MotionType::Rotational,
            Some("translational") => MotionType::Translational,
            Some("coupled") => MotionType::Coupled,
            Some(t) => {
                return Err(self.bad(c, "motion_type", t, "rotational, translational or coupled"));
            }
        };
        let range = self
            .numbers(c, "range", Some(2))?
            .map(|v| [v[0], v[1]])
            .unwrap_or([f64::NEG_INFINITY, f64::INFINITY]);
        Ok(Coordinate {
            name: c
                .attribute("name")
                .ok_or_else(|| self.missing(c, "name", "a coordinate name attribute"))?
                .to_string(),
            motion_type,
            default_value: self.number(c, "default_value")?.unwrap_or(0.0),
            range,
            locked: self.flag(c, "locked")?.unwrap_or(false),
            clamped: self.flag(c, "clamped")?.unwrap_or(false),
        })
    }

    /// 4.x coordinates carry no motion type: infer it from the joint (3.x files state it,
    /// and the stated type is kept).
    fn finish_coordinates(&self, j: Node, joint: &mut Joint, declared: bool) -> Result<()> {
        if declared && j.descendants().any(|n| n.has_tag_name("motion_type")) {
            return Ok(());
        }
        let kind = joint.kind.clone();
        let n = joint.coordinates.len();
        for (i, c) in joint.coordinates.iter_mut().enumerate() {
            c.motion_type = match kind.as_str() {
                "CustomJoint" => {
                    let in_axes = |rot: bool| {
                        joint
                            .spatial_transform
                            .iter()
                            .any(|a| a.is_rotation() == rot && a.coordinates.contains(&c.name))
                    };
                    if in_axes(true) {
                        MotionType::Rotational
                    } else if in_axes(false) {
                        MotionType::Translational
                    } else {
                        return Err(self.unsupported(
                            j,
                            format!("coordinate `{}` drives none of the joint's transform axes", c.name),
                        ));
                    }
                }
                "SliderJoint" => MotionType::Translational,
                // FreeJoint: three rotations then three translations.
                "FreeJoint" if i >= 3 => MotionType::Translational,
                // PlanarJoint: rotation about Z, then X and Y translations.
                "PlanarJoint" if i >= 1 => MotionType::Translational,
                "PinJoint" | "UniversalJoint" | "BallJoint" | "GimbalJoint" | "EllipsoidJoint"
                | "FreeJoint" | "PlanarJoint" => MotionType::Rotational,
                other => {
                    return Err(self.unsupported(
                        j,
                        format!("cannot tell the motion type of the {n} coordinate(s) of a {other}"),
                    ));
                }
            };
        }
        Ok(())
    }

    fn spatial_transform(&self, j: Node) -> Result<Vec<TransformAxis>> {
        let Some(st) = child(j, "SpatialTransform") else {
            if j.has_tag_name("CustomJoint") {
                return Err(self.missing(j, "SpatialTransform", "the six transform axes of a CustomJoint"));
            }
            return Ok(Vec::new());
        };
        st.children()
            .filter(|n| n.has_tag_name("TransformAxis"))
            .map(|a| {
                let function_node = match child(a, "function") {
                    Some(wrapper) => wrapper.children().find(Node::is_element),
                    None => a
                        .children()
                        .find(|n| n.is_element() && !matches!(n.tag_name().name(), "coordinates" | "axis")),
                };
                let function = match function_node {
                    Some(f) => self.function(f)?,
                    None => {
                        return Err(self.missing(a, "function", "the axis' function of its coordinate"));
                    }
                };
                Ok(TransformAxis {
                    name: a.attribute("name").unwrap_or_default().to_string(),
                    coordinates: child_text(a, "coordinates")
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(String::from)
                        .collect(),
                    axis: self.required_vec3(a, "axis", "the axis direction")?,
                    function,
                })
            })
            .collect()
    }

    fn function(&self, f: Node) -> Result<Function> {
        let xy = |f: Node| -> Result<(Vec<f64>, Vec<f64>)> {
            let x = self.numbers(f, "x", None)?.unwrap_or_default();
            let y = self.numbers(f, "y", None)?.unwrap_or_default();
            let increasing = x.windows(2).all(|w| w[1] > w[0]);
            if x.is_empty() || x.len() != y.len() || !increasing {
                return Err(self.unsupported(
                    f,
                    format!(
                        "expected as many <x> as <y> values (have {} and {}), x increasing",
                        x.len(),
                        y.len()
                    ),
                ));
            }
            Ok((x, y))
        };
        Ok(match f.tag_name().name() {
            "Constant" => Function::Constant(self.required_number(f, "value", "the constant")?),
            "LinearFunction" => {
                let c = self
                    .numbers(f, "coefficients", Some(2))?
                    .ok_or_else(|| self.missing(f, "coefficients", "slope and intercept"))?;
                Function::Linear { slope: c[0], intercept: c[1] }
            }
            "SimmSpline" => {
                let (x, y) = xy(f)?;
                Function::SimmSpline { x, y }
            }
            "NaturalCubicSpline" => {
                let (x, y) = xy(f)?;
                Function::NaturalCubicSpline { x, y }
            }
            "PiecewiseLinearFunction" => {
                let (x, y) = xy(f)?;
                Function::PiecewiseLinear { x, y }
            }
            "PolynomialFunction" => Function::Polynomial(
                self.numbers(f, "coefficients", None)?
                    .ok_or_else(|| self.missing(f, "coefficients", "the polynomial's coefficients"))?,
            ),
            "MultiplierFunction" => {
                let inner = child(f, "function")
                    .and_then(|w| w.children().find(Node::is_element))
                    .ok_or_else(|| self.missing(f, "function", "the function to scale"))?;
                Function::Multiplier {
                    scale: self.number(f, "scale")?.unwrap_or(1.0),
                    function: Box::new(self.function(inner)?),
                }
            }
            other => Function::Other(other.to_string()),
        })
    }

    fn muscle(&self, m: Node, bodies: &[&str]) -> Result<Muscle> {
        let name = m.attribute("name").ok_or_else(|| self.missing(m, "name", "a muscle name attribute"))?;
        let points = child(m, "GeometryPath")
            .and_then(|g| child(g, "PathPointSet"))
            .and_then(|s| child(s, "objects"))
            .ok_or_else(|| self.missing(m, "GeometryPath", "the muscle's path points"))?;
        let path = points
            .children()
            .filter(Node::is_element)
            .map(|p| self.path_point(p, bodies))
            .collect::<Result<Vec<_>>>()?;
        if path.len() < 2 {
            return Err(
                self.unsupported(m, format!("a muscle path needs at least 2 points, found {}", path.len()))
            );
        }
        Ok(Muscle {
            name: name.to_string(),
            kind: m.tag_name().name().to_string(),
            enabled: self.enabled(m)?,
            max_isometric_force: self.required_number(
                m,
                "max_isometric_force",
                "the maximum isometric force, N",
            )?,
            optimal_fiber_length: self.number(m, "optimal_fiber_length")?,
            tendon_slack_length: self.number(m, "tendon_slack_length")?,
            pennation_angle_at_optimal: self.number(m, "pennation_angle_at_optimal")?,
            path,
        })
    }

    /// The body a path point or marker is on: `<socket_parent_frame>` (4.x) or `<body>` (3.x).
    fn attached_body(&self, p: Node, bodies: &[&str]) -> Result<String> {
        let (field, text) = match (child_text(p, "socket_parent_frame"), child_text(p, "body")) {
            (Some(t), _) => ("socket_parent_frame", t),
            (None, Some(t)) => ("body", t),
            (None, None) => {
                return Err(self.missing(
                    p,
                    "socket_parent_frame",
                    "the body the point is fixed in (<body> in OpenSim 3)",
                ));
            }
        };
        let body = last_component(&text).to_string();
        self.check_body(p, field, &body, bodies)?;
        Ok(body)
    }

    fn path_point(&self, p: Node, bodies: &[&str]) -> Result<PathPoint> {
        let body = self.attached_body(p, bodies)?;
        let kind_name = p.tag_name().name();
        let kind = match kind_name {
            "PathPoint" => PathPointKind::Fixed,
            "ConditionalPathPoint" => {
                let coordinate = child_text(p, "socket_coordinate")
                    .or_else(|| child_text(p, "coordinate"))
                    .filter(|s| !s.is_empty())
                    .ok_or_else(|| {
                        self.missing(p, "socket_coordinate", "the coordinate that switches the point")
                    })?;
                let r = self.numbers(p, "range", Some(2))?.ok_or_else(|| {
                    self.missing(p, "range", "the coordinate range where the point is active")
                })?;
                PathPointKind::Conditional {
                    coordinate: last_component(&coordinate).to_string(),
                    range: [r[0], r[1]],
                }
            }
            "MovingPathPoint" => {
                let axis = |a: &str| -> Result<Option<(String, Function)>> {
                    let Some(loc) = child(p, &format!("{a}_location")) else {
                        return Ok(None);
                    };
                    let f = loc
                        .children()
                        .find(Node::is_element)
                        .ok_or_else(|| self.missing(loc, "function", "a function of the coordinate"))?;
                    let coordinate = child_text(p, &format!("socket_{a}_coordinate"))
                        .or_else(|| child_text(p, &format!("{a}_coordinate")))
                        .unwrap_or_default();
                    Ok(Some((last_component(&coordinate).to_string(), self.function(f)?)))
                };
                PathPointKind::Moving { x: axis("x")?, y: axis("y")?, z: axis("z")? }
            }
            other => {
                return Err(self.unsupported(p, format!("path point type {other} is not read")));
            }
        };
        let location = self.vec3(p, "location")?;
        if location.is_none() && kind_name != "MovingPathPoint" {
            return Err(self.missing(p, "location", "the point's position in its body, m"));
        }
        Ok(PathPoint { name: p.attribute("name").unwrap_or_default().to_string(), body, location, kind })
    }

    fn marker(&self, m: Node, bodies: &[&str]) -> Result<Marker> {
        Ok(Marker {
            name: m.attribute("name").unwrap_or_default().to_string(),
            body: self.attached_body(m, bodies)?,
            location: self.required_vec3(m, "location", "the marker's position in its body, m")?,
        })
    }
}

// ------------------------------------------------------------ function evaluation

fn piecewise_linear(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    let n = xs.len();
    if n == 1 {
        return ys[0];
    }
    // Segment index, clamped so the end segments extrapolate.
    let i = xs.partition_point(|&k| k <= x).clamp(1, n - 1) - 1;
    ys[i] + (x - xs[i]) * (ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i])
}

/// SIMM's cubic spline (Forsythe, Malcolm & Moler 1977), linearly extrapolated with the end
/// slope: the engine's `CubicSpline::fmm`, so the reader and the dynamics use one definition.
fn simm_spline(xs: &[f64], ys: &[f64], x: f64) -> f64 {
    lumbus_core::recorded::CubicSpline::fmm(xs, ys).value(x)
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;

    fn gait2354() -> OsimModel {
        OsimModel::read(data("opensim/gait2354/subject01_simbody.osim")).unwrap()
    }

    #[test]
    fn reads_gait2354() {
        let m = gait2354();
        assert_eq!(m.layout, OsimLayout::V4);
        assert_eq!(m.version, Some(40000));
        assert_eq!(m.name, "subject01");
        assert_eq!(m.bodies.len(), 12);
        assert!((m.total_mass() - 72.6).abs() < 1e-9, "{}", m.total_mass());
        let pelvis = m.body("pelvis").unwrap();
        assert_eq!(pelvis.mass, 11.3751712907406);
        assert_eq!(pelvis.mass_center, [-0.0724376, 0.0, 0.0]);
        assert_eq!(pelvis.inertia.xx, 0.0992925);
        assert_eq!(pelvis.inertia.yz, 0.0);
        let g = m.gravity.unwrap();
        assert!((g[1] + 9.80665).abs() < 1e-12);

        assert_eq!(m.joints.len(), 12);
        let hip = m.joint("hip_r").unwrap();
        assert_eq!(hip.kind, "CustomJoint");
        assert_eq!((hip.parent_body.as_str(), hip.child_body.as_str()), ("pelvis", "femur_r"));
        assert_eq!(hip.location_in_parent, [-0.0724376, -0.0677245, 0.0855522]);
        assert_eq!(hip.location, [0.0; 3]);
        let names: Vec<&str> = hip.coordinates.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["hip_flexion_r", "hip_adduction_r", "hip_rotation_r"]);
        assert!(hip.coordinates.iter().all(|c| c.motion_type == MotionType::Rotational));
        assert_eq!(hip.spatial_transform.len(), 6);
        assert_eq!(hip.spatial_transform[0].axis, [0.0, 0.0, 1.0]);
        assert_eq!(hip.spatial_transform[0].coordinates, ["hip_flexion_r"]);
        assert_eq!(hip.spatial_transform[1].axis, [1.0, 0.0, 0.0]);

        let gp = m.joint("ground_pelvis").unwrap();
        assert_eq!(gp.parent_body, "ground");
        let (_, tx) = m.coordinate("pelvis_tx").unwrap();
        assert_eq!(tx.motion_type, MotionType::Translational);
        assert_eq!(m.coordinate("pelvis_ty").unwrap().1.default_value, 1.015);

        // The knee translates with its angle through SIMM splines scaled by 1.14724.
        let knee = m.joint("knee_r").unwrap();
        let ty = &knee.spatial_transform[4];
        assert_eq!(ty.name, "translation2");
        assert_eq!(ty.coordinates, ["knee_angle_r"]);
        let at_zero = ty.function.eval(0.0).unwrap();
        assert!(at_zero > -0.3966 * 1.14724 && at_zero < -0.395264 * 1.14724, "{at_zero}");
        assert_eq!(m.coordinate("knee_angle_r").unwrap().1.motion_type, MotionType::Rotational);
    }

    #[test]
    fn reads_gait2354_muscles_and_markers() {
        let m = gait2354();
        assert_eq!(m.muscles.len(), 54);
        let g = m.muscle("glut_med1_r").unwrap();
        assert_eq!(g.kind, "Thelen2003Muscle");
        assert!(g.enabled);
        assert_eq!(g.max_isometric_force, 1119.0);
        assert_eq!(g.path.len(), 2);
        assert_eq!(g.path[0].body, "pelvis");
        assert_eq!(g.path[0].location, Some([-0.0418027, 0.0311471, 0.123871]));
        assert_eq!(g.path[1].body, "femur_r");
        let rf = m.muscle("rect_fem_r").unwrap();
        assert!(
            matches!(rf.path[1].kind, PathPointKind::Conditional { ref coordinate, .. } if coordinate == "knee_angle_r")
        );
        match &rf.path[2].kind {
            PathPointKind::Moving { x: Some((c, f)), .. } => {
                assert_eq!(c, "knee_angle_r");
                // x_location at 0 rad: 0.0617576 × 0.988523 (a knot).
                assert!((f.eval(0.0).unwrap() - 0.0617576 * 0.988523).abs() < 1e-12);
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(rf.path[2].location, None);
        assert_eq!(m.markers.len(), 39);
        assert_eq!(m.marker("Sternum").unwrap().body, "torso");
    }

    #[test]
    fn reads_gait10dof18musc() {
        let m = OsimModel::read(data("opensim/gait10dof18musc/subject01.osim")).unwrap();
        assert!((m.total_mass() - 72.6).abs() < 1e-9);
        assert_eq!(m.muscles.len(), 18);
        assert!(m.muscles.iter().all(|x| x.kind == "Millard2012EquilibriumMuscle"));
        assert_eq!(m.muscle("hamstrings_r").unwrap().max_isometric_force, 2700.0);
        let hip = m.joint("hip_r").unwrap();
        assert_eq!(hip.kind, "PinJoint");
        assert!(hip.spatial_transform.is_empty());
        assert_eq!(hip.coordinates[0].motion_type, MotionType::Rotational);
        assert_eq!(hip.location_in_parent, [-0.0724378, -0.0677247, 0.0855524]);
        let weld = m.joint("subtalar_r").unwrap();
        assert_eq!(weld.kind, "WeldJoint");
        assert!(weld.coordinates.is_empty());
        assert_eq!(m.coordinate("pelvis_ty").unwrap().1.motion_type, MotionType::Translational);
        assert_eq!(m.joints.iter().map(|j| j.coordinates.len()).sum::<usize>(), 10);
    }

    #[test]
    fn reads_gait2392_static_op() {
        let m =
            OsimModel::read(data("opensim/gait2392_jointreaction/subject01_simbody_adjusted_StaticOp.osim"))
                .unwrap();
        assert!((m.total_mass() - 72.6).abs() < 1e-9);
        // 92 muscles; the `default` template in <defaults> is not one of them.
        assert_eq!(m.muscles.len(), 92);
        assert!(m.muscle("default").is_none());
        for n in ["ercspn_r", "intobl_l", "extobl_r", "psoas_r"] {
            assert!(m.muscle(n).is_some(), "{n}");
        }
        assert_eq!(m.joints.iter().map(|j| j.coordinates.len()).sum::<usize>(), 23);
    }

    /// A hand-written model in the OpenSim 3.x layout.
    const V3: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<OpenSimDocument Version="30000">
  <Model name="tiny3">
    <gravity>0 -9.80665 0</gravity>
    <BodySet><objects>
      <Body name="ground">
        <mass>0</mass><mass_center>0 0 0</mass_center>
        <inertia_xx>0</inertia_xx><inertia_yy>0</inertia_yy><inertia_zz>0</inertia_zz>
        <inertia_xy>0</inertia_xy><inertia_xz>0</inertia_xz><inertia_yz>0</inertia_yz>
        <Joint />
      </Body>
      <Body name="pelvis">
        <mass>11</mass><mass_center>-0.07 0 0</mass_center>
        <inertia_xx>0.1</inertia_xx><inertia_yy>0.09</inertia_yy><inertia_zz>0.06</inertia_zz>
        <inertia_xy>0.001</inertia_xy><inertia_xz>0.002</inertia_xz><inertia_yz>0.003</inertia_yz>
        <Joint>
          <CustomJoint name="ground_pelvis">
            <parent_body>ground</parent_body>
            <location_in_parent>0 0 0</location_in_parent>
            <orientation_in_parent>0 0 0</orientation_in_parent>
            <location>0 0 0</location>
            <orientation>0 0 0</orientation>
            <CoordinateSet><objects>
              <Coordinate name="pelvis_tilt"><motion_type>rotational</motion_type>
                <default_value>0</default_value><range>-1.57 1.57</range></Coordinate>
              <Coordinate name="pelvis_ty"><motion_type>translational</motion_type>
                <default_value>0.95</default_value><range>-1 2</range></Coordinate>
            </objects></CoordinateSet>
            <SpatialTransform>
              <TransformAxis name="rotation1"><coordinates>pelvis_tilt</coordinates><axis>0 0 1</axis>
                <function><LinearFunction><coefficients> 1 0</coefficients></LinearFunction></function></TransformAxis>
              <TransformAxis name="translation2"><coordinates>pelvis_ty</coordinates><axis>0 1 0</axis>
                <function><LinearFunction><coefficients> 1 0</coefficients></LinearFunction></function></TransformAxis>
            </SpatialTransform>
          </CustomJoint>
        </Joint>
      </Body>
      <Body name="femur_r">
        <mass>9</mass><mass_center>0 -0.17 0</mass_center>
        <inertia_xx>0.14</inertia_xx><inertia_yy>0.04</inertia_yy><inertia_zz>0.15</inertia_zz>
        <inertia_xy>0</inertia_xy><inertia_xz>0</inertia_xz><inertia_yz>0</inertia_yz>
        <Joint>
          <PinJoint name="hip_r">
            <parent_body>pelvis</parent_body>
            <location_in_parent>-0.07 -0.066 0.083</location_in_parent>
            <orientation_in_parent>0 0 0.1</orientation_in_parent>
            <location>0 0.01 0</location>
            <orientation>0 0 0</orientation>
            <CoordinateSet><objects>
              <Coordinate name="hip_flexion_r"><motion_type>rotational</motion_type></Coordinate>
            </objects></CoordinateSet>
          </PinJoint>
        </Joint>
      </Body>
    </objects></BodySet>
    <ForceSet><objects>
      <Thelen2003Muscle name="glut_med1_r">
        <isDisabled>false</isDisabled>
        <GeometryPath><PathPointSet><objects>
          <PathPoint name="p1"><location> -0.04 0.03 0.12</location><body>pelvis</body></PathPoint>
          <ConditionalPathPoint name="p2"><location> -0.02 -0.01 0.06</location><body>femur_r</body>
            <range> -2.6 -1.4</range><coordinate>hip_flexion_r</coordinate></ConditionalPathPoint>
          <MovingPathPoint name="p3"><location> 0.05 0.02 0.001</location><body>femur_r</body>
            <x_location><SimmSpline><x> -2 0 2</x><y> 0.1 0.2 0.1</y></SimmSpline></x_location>
            <x_coordinate>hip_flexion_r</x_coordinate></MovingPathPoint>
        </objects></PathPointSet></GeometryPath>
        <max_isometric_force>819</max_isometric_force>
        <optimal_fiber_length>0.0535</optimal_fiber_length>
      </Thelen2003Muscle>
      <CoordinateActuator name="reserve"><coordinate>hip_flexion_r</coordinate></CoordinateActuator>
    </objects></ForceSet>
    <MarkerSet><objects>
      <Marker name="RASI"><body>pelvis</body><location>0.01 0.02 0.13</location><fixed>false</fixed></Marker>
    </objects></MarkerSet>
  </Model>
</OpenSimDocument>"#;

    #[test]
    fn reads_the_opensim3_layout() {
        let m = OsimModel::parse(V3, "tiny3.osim").unwrap();
        assert_eq!(m.layout, OsimLayout::V3);
        assert_eq!(m.version, Some(30000));
        assert_eq!(m.bodies.len(), 2, "ground is not listed");
        assert_eq!(m.total_mass(), 20.0);
        let p = m.body("pelvis").unwrap();
        assert_eq!(p.inertia, Inertia { xx: 0.1, yy: 0.09, zz: 0.06, xy: 0.001, xz: 0.002, yz: 0.003 });
        let gp = m.joint("ground_pelvis").unwrap();
        assert_eq!((gp.parent_body.as_str(), gp.child_body.as_str()), ("ground", "pelvis"));
        assert_eq!(m.coordinate("pelvis_ty").unwrap().1.motion_type, MotionType::Translational);
        assert_eq!(gp.spatial_transform[1].function.eval(0.5), Some(0.5));
        let hip = m.joint("hip_r").unwrap();
        assert_eq!(hip.kind, "PinJoint");
        assert_eq!(hip.location_in_parent, [-0.07, -0.066, 0.083]);
        assert_eq!(hip.orientation_in_parent, [0.0, 0.0, 0.1]);
        assert_eq!(hip.location, [0.0, 0.01, 0.0]);
        assert_eq!(m.muscles.len(), 1);
        let g = &m.muscles[0];
        assert_eq!(g.max_isometric_force, 819.0);
        assert_eq!(g.path[0].body, "pelvis");
        assert!(
            matches!(g.path[1].kind, PathPointKind::Conditional { ref coordinate, range } if coordinate == "hip_flexion_r" && range == [-2.6, -1.4])
        );
        assert!(matches!(g.path[2].kind, PathPointKind::Moving { x: Some(_), y: None, z: None }));
        assert_eq!(g.path[2].location, Some([0.05, 0.02, 0.001]));
        assert_eq!(m.marker("RASI").unwrap().location, [0.01, 0.02, 0.13]);
    }

    #[test]
    fn refuses_malformed_and_incomplete_models() {
        let e = OsimModel::parse("<OpenSimDocument><Model>", "broken.osim").unwrap_err();
        assert!(matches!(e, RecordedError::Xml { .. }), "{e}");
        assert!(e.to_string().starts_with("broken.osim"), "{e}");

        let no_mass = V3.replace("<mass>9</mass>", "");
        let e = OsimModel::parse(&no_mass, "tiny3.osim").unwrap_err();
        let msg = e.to_string();
        assert!(matches!(e, RecordedError::MissingField { ref field, .. } if field == "mass"), "{msg}");
        assert!(msg.contains("tiny3.osim") && msg.contains("Body `femur_r`"), "{msg}");

        let no_inertia = V3.replace("<inertia_zz>0.15</inertia_zz>", "");
        let e = OsimModel::parse(&no_inertia, "tiny3.osim").unwrap_err();
        assert!(e.to_string().contains("inertia_zz"), "{e}");

        let bad_vec = V3.replace(
            "<location_in_parent>-0.07 -0.066 0.083</location_in_parent>",
            "<location_in_parent>-0.07 -0.066</location_in_parent>",
        );
        let e = OsimModel::parse(&bad_vec, "tiny3.osim").unwrap_err();
        assert!(
            matches!(e, RecordedError::BadField { ref field, .. } if field == "location_in_parent"),
            "{e}"
        );
        assert!(e.to_string().contains("PinJoint `hip_r`"), "{e}");

        let no_parent = V3.replace("<parent_body>pelvis</parent_body>", "");
        let e = OsimModel::parse(&no_parent, "tiny3.osim").unwrap_err();
        assert!(matches!(e, RecordedError::MissingField { ref field, .. } if field == "parent_body"), "{e}");

        let wrong_parent =
            V3.replace("<parent_body>pelvis</parent_body>", "<parent_body>pelvs</parent_body>");
        let e = OsimModel::parse(&wrong_parent, "tiny3.osim").unwrap_err();
        assert!(e.to_string().contains("pelvs"), "{e}");

        let bad_point = V3.replace(
            "<body>femur_r</body>\n            <range>",
            "<body>tibia_r</body>\n            <range>",
        );
        let e = OsimModel::parse(&bad_point, "tiny3.osim").unwrap_err();
        assert!(e.to_string().contains("ConditionalPathPoint `p2`"), "{e}");

        let no_fmax = V3.replace("<max_isometric_force>819</max_isometric_force>", "");
        let e = OsimModel::parse(&no_fmax, "tiny3.osim").unwrap_err();
        assert!(e.to_string().contains("Thelen2003Muscle `glut_med1_r`"), "{e}");
    }

    #[test]
    fn refuses_a_4x_joint_missing_its_frame() {
        let text = std::fs::read_to_string(data("opensim/gait10dof18musc/subject01.osim")).unwrap();
        let broken = text.replacen("<socket_child_frame>femur_r_offset</socket_child_frame>", "", 1);
        let e = OsimModel::parse(&broken, "subject01.osim").unwrap_err();
        let msg = e.to_string();
        assert!(
            matches!(e, RecordedError::MissingField { ref field, .. } if field == "socket_child_frame"),
            "{msg}"
        );
        assert!(msg.contains("PinJoint `hip_r` (line "), "{msg}");
    }

    #[test]
    fn simm_spline_reproduces_a_cubic() {
        // The FMM end conditions make the spline exact for cubics.
        let f = |x: f64| x * x * x - 2.0 * x + 1.0;
        let xs = [-2.0, -1.3, -0.2, 0.0, 0.7, 1.9, 2.5];
        let ys: Vec<f64> = xs.iter().map(|&x| f(x)).collect();
        let s = Function::SimmSpline { x: xs.to_vec(), y: ys };
        for x in [-1.9, -0.5, 0.3, 1.0, 2.2, 2.5] {
            assert!((s.eval(x).unwrap() - f(x)).abs() < 1e-10, "{x}");
        }
        // Outside the knots: straight lines with the end slopes (f' = 3x² − 2).
        let slope_end = 3.0 * 2.5 * 2.5 - 2.0;
        assert!((s.eval(3.0).unwrap() - (f(2.5) + 0.5 * slope_end)).abs() < 1e-9);
        let lin = Function::PiecewiseLinear { x: vec![0.0, 1.0], y: vec![0.0, 2.0] };
        assert_eq!(lin.eval(0.25), Some(0.5));
        assert_eq!(lin.eval(2.0), Some(4.0));
        assert_eq!(Function::Polynomial(vec![2.0, 0.0, 1.0]).eval(3.0), Some(19.0));
    }
}
