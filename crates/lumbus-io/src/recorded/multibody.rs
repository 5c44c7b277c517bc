//! An [`OsimModel`] as the engine's [`Multibody`]: the recorded subject's bodies, joint frames
//! and joint functions, for inverse dynamics on OpenSim's own model.
//!
//! Joint types read: `CustomJoint` (its six transform axes), `PinJoint` (rotation about the
//! joint frame's Z) and `WeldJoint` (no motion) — the types of the shared gait models. Any
//! other type, a transform axis driven by several coordinates, or a function this crate
//! cannot evaluate exactly is refused, naming the joint.

use lumbus_core::recorded::{
    CoordinateFunction, CubicSpline, FixedFrame, JointAxis, MbCoordinate, MbJoint, Multibody, RigidBody,
};
use nalgebra::{Matrix3, Vector3};

use super::error::{RecordedError, Result};
use super::osim::{Function, Joint, MotionType, OsimModel, TransformAxis};

impl OsimModel {
    /// The model as a multibody for the engine.
    pub fn to_multibody(&self) -> Result<Multibody> {
        let unsupported = |element: String, detail: String| RecordedError::Unsupported {
            path: self.path.clone(),
            element,
            detail,
        };
        let bodies: Vec<RigidBody> = self
            .bodies
            .iter()
            .map(|b| {
                let i = &b.inertia;
                RigidBody {
                    name: b.name.clone(),
                    mass: b.mass,
                    com: Vector3::from(b.mass_center),
                    inertia: Matrix3::new(i.xx, i.xy, i.xz, i.xy, i.yy, i.yz, i.xz, i.yz, i.zz),
                }
            })
            .collect();
        let coordinates: Vec<MbCoordinate> = self
            .joints
            .iter()
            .flat_map(|j| &j.coordinates)
            .map(|c| MbCoordinate {
                name: c.name.clone(),
                default_value: c.default_value,
                translational: c.motion_type == MotionType::Translational,
            })
            .collect();
        let body_index = |name: &str, joint: &Joint| -> Result<Option<usize>> {
            if name == "ground" {
                return Ok(None);
            }
            self.bodies.iter().position(|b| b.name == name).map(Some).ok_or_else(|| {
                unsupported(format!("{} `{}`", joint.kind, joint.name), format!("no body `{name}`"))
            })
        };
        let coordinate_index = |name: &str| coordinates.iter().position(|c| c.name == name);

        let mut joints = Vec::with_capacity(self.joints.len());
        for j in &self.joints {
            let element = format!("{} `{}`", j.kind, j.name);
            let (rotations, translations) = match j.kind.as_str() {
                "WeldJoint" => (Vec::new(), Vec::new()),
                "PinJoint" => {
                    let [c] = j.coordinates.as_slice() else {
                        return Err(unsupported(element, "a pin joint needs exactly one coordinate".into()));
                    };
                    let axis = JointAxis {
                        axis: Vector3::z(),
                        coordinate: coordinate_index(&c.name),
                        function: CoordinateFunction::identity(),
                    };
                    (vec![axis], Vec::new())
                }
                "CustomJoint" => {
                    let mut rot = Vec::new();
                    let mut tra = Vec::new();
                    for a in &j.spatial_transform {
                        let axis = transform_axis(a, &coordinate_index)
                            .map_err(|d| unsupported(element.clone(), format!("{}: {d}", a.name)))?;
                        if a.is_rotation() { rot.push(axis) } else { tra.push(axis) }
                    }
                    (rot, tra)
                }
                other => {
                    return Err(unsupported(element, format!("joint type `{other}` is not supported")));
                }
            };
            let Some(child) = body_index(&j.child_body, j)? else {
                return Err(unsupported(element, "the ground cannot be a child".into()));
            };
            joints.push(MbJoint {
                name: j.name.clone(),
                parent: body_index(&j.parent_body, j)?,
                child,
                in_parent: FixedFrame::from_opensim(j.location_in_parent, j.orientation_in_parent),
                in_child: FixedFrame::from_opensim(j.location, j.orientation),
                rotations,
                translations,
            });
        }
        let gravity = Vector3::from(self.gravity.unwrap_or([0.0, -9.80665, 0.0]));
        Multibody::new(self.name.clone(), bodies, joints, coordinates, gravity).map_err(|e| {
            RecordedError::Unsupported { path: self.path.clone(), element: "model".into(), detail: e.0 }
        })
    }
}

fn transform_axis(
    a: &TransformAxis,
    index: &dyn Fn(&str) -> Option<usize>,
) -> std::result::Result<JointAxis, String> {
    let coordinate = match a.coordinates.as_slice() {
        [] => None,
        [c] => Some(index(c).ok_or_else(|| format!("coordinate `{c}` is not in the model"))?),
        many => return Err(format!("driven by {} coordinates; one is supported", many.len())),
    };
    let n = (a.axis[0].powi(2) + a.axis[1].powi(2) + a.axis[2].powi(2)).sqrt();
    if n.is_nan() || n <= 0.0 {
        return Err("zero axis".into());
    }
    let mut function = convert(&a.function)?;
    // An axis with no coordinate is fixed (OpenSim writes `MultiplierFunction(Constant)` for the
    // scaled, unused axes); it must not depend on its argument.
    if coordinate.is_none() {
        let v = function.value(0.0);
        if function.value(1.0) != v {
            return Err("a varying function with no coordinate".into());
        }
        function = CoordinateFunction::Constant(v);
    }
    Ok(JointAxis { axis: Vector3::from(a.axis) / n, coordinate, function })
}

fn convert(f: &Function) -> std::result::Result<CoordinateFunction, String> {
    Ok(match f {
        Function::Constant(v) => CoordinateFunction::Constant(*v),
        Function::Linear { slope, intercept } => {
            CoordinateFunction::Linear { slope: *slope, intercept: *intercept }
        }
        Function::SimmSpline { x, y } => CoordinateFunction::Cubic(CubicSpline::fmm(x, y)),
        Function::PiecewiseLinear { x, y } => {
            CoordinateFunction::PiecewiseLinear { x: x.clone(), y: y.clone() }
        }
        Function::Polynomial(k) => CoordinateFunction::Polynomial(k.clone()),
        Function::Multiplier { scale, function } => {
            CoordinateFunction::Scaled { scale: *scale, function: Box::new(convert(function)?) }
        }
        Function::NaturalCubicSpline { .. } => return Err("NaturalCubicSpline is not supported yet".into()),
        Function::Other(name) => return Err(format!("function `{name}` is not supported")),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_data::data;
    use super::*;

    #[test]
    fn gait2354_becomes_a_tree_with_its_coordinates() {
        let m = OsimModel::read(data("opensim/gait2354/subject01_simbody.osim")).unwrap();
        let mb = m.to_multibody().unwrap();
        assert_eq!(mb.bodies.len(), 12);
        assert_eq!(mb.coordinates.len(), 23);
        assert!((mb.total_mass() - 72.6).abs() < 1e-9);
        // Parents before children.
        let mut placed = vec![false; mb.bodies.len()];
        for j in &mb.joints {
            assert!(j.parent.is_none_or(|p| placed[p]), "{}", j.name);
            placed[j.child] = true;
        }
        // The knee's translations follow its angle (the SIMM splines, scaled).
        let knee = mb.joints.iter().find(|j| j.name == "knee_r").unwrap();
        assert_eq!(knee.rotations.len(), 3);
        assert_eq!(knee.translations[1].coordinate, mb.coordinate("knee_angle_r"));
        let ty = knee.translations[1].function.value(0.0);
        assert!(ty > -0.3966 * 1.14724 && ty < -0.395264 * 1.14724, "{ty}");
    }

    #[test]
    fn an_unsupported_joint_type_is_refused_by_name() {
        let text = std::fs::read_to_string(data("opensim/gait10dof18musc/subject01.osim")).unwrap();
        // The back pin joint renamed to a ball joint (open and close tags).
        let start = text.find("<PinJoint name=\"back\"").unwrap();
        let end = start + text[start..].find("</PinJoint>").unwrap();
        let body = text[start..end].replacen("<PinJoint", "<BallJoint", 1);
        let text = format!("{}{body}</BallJoint>{}", &text[..start], &text[end + "</PinJoint>".len()..]);
        let m = OsimModel::parse(&text, "ball.osim").unwrap();
        let e = m.to_multibody().unwrap_err().to_string();
        assert!(
            e.contains("ball.osim") && e.contains("BallJoint `back`") && e.contains("not supported"),
            "{e}"
        );
    }
}
