//! A tree of rigid bodies joined by OpenSim-style joints: the recorded subject's own model,
//! built from plain data (the `.osim` reader in `lumbus-io` converts into these structs).
//!
//! Joint kinematics follow OpenSim/Simbody: the child's pose is
//! `X_ground_parent · X_parent_F · X_FM(q) · X_child_M⁻¹`, where `F` and `M` are the joint
//! frames fixed in the parent and the child. A custom joint's `X_FM` rotates by the three
//! rotation axes in order, each about its axis in the frame left by the previous ones
//! (body-fixed), and translates by the translation axes, expressed in `F` (Simbody's
//! `MobilizedBody::FunctionBased`). A pin joint is a custom joint with one rotation about
//! F's Z axis; a weld joint has no axes.

use nalgebra::{Matrix3, Vector3};

use super::function::CoordinateFunction;
use crate::jet::{DualNum, J, JMat, JVec, c, cvec, mat_mul, mat_mul_const, mat_vec, mat_vec_const};

/// A rigid body's mass properties.
#[derive(Debug, Clone, PartialEq)]
pub struct RigidBody {
    pub name: String,
    /// kg
    pub mass: f64,
    /// Centre of mass in the body frame, m.
    pub com: Vector3<f64>,
    /// Inertia about the centre of mass, body frame, kg·m².
    pub inertia: Matrix3<f64>,
}

/// A frame fixed in a body: origin and orientation (frame → body).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FixedFrame {
    pub rotation: Matrix3<f64>,
    pub origin: Vector3<f64>,
}

impl FixedFrame {
    /// OpenSim's convention: `orientation` as body-fixed X–Y–Z Euler angles, rad.
    pub fn from_opensim(location: [f64; 3], orientation: [f64; 3]) -> Self {
        let r = nalgebra::Rotation3::from_axis_angle(&Vector3::x_axis(), orientation[0])
            * nalgebra::Rotation3::from_axis_angle(&Vector3::y_axis(), orientation[1])
            * nalgebra::Rotation3::from_axis_angle(&Vector3::z_axis(), orientation[2]);
        FixedFrame { rotation: *r.matrix(), origin: Vector3::from(location) }
    }
}

/// One axis of a joint: a rotation about (or translation along) `axis` by `function(q)`.
#[derive(Debug, Clone, PartialEq)]
pub struct JointAxis {
    /// Unit vector.
    pub axis: Vector3<f64>,
    /// The coordinate the function takes; `None` for a constant.
    pub coordinate: Option<usize>,
    pub function: CoordinateFunction,
}

/// A joint moving `child` relative to `parent`.
#[derive(Debug, Clone, PartialEq)]
pub struct MbJoint {
    pub name: String,
    /// Index into [`Multibody::bodies`]; `None` is the ground.
    pub parent: Option<usize>,
    pub child: usize,
    /// Joint frame F in the parent.
    pub in_parent: FixedFrame,
    /// Joint frame M in the child.
    pub in_child: FixedFrame,
    /// Applied in order, body-fixed.
    pub rotations: Vec<JointAxis>,
    /// Expressed in F.
    pub translations: Vec<JointAxis>,
}

/// A generalised coordinate.
#[derive(Debug, Clone, PartialEq)]
pub struct MbCoordinate {
    pub name: String,
    /// rad or m, used when the motion does not give it.
    pub default_value: f64,
    pub translational: bool,
}

/// The multibody: bodies, joints ordered parent before child, coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Multibody {
    pub name: String,
    pub bodies: Vec<RigidBody>,
    pub joints: Vec<MbJoint>,
    pub coordinates: Vec<MbCoordinate>,
    /// m/s², ground frame.
    pub gravity: Vector3<f64>,
}

/// A body's pose in ground as jets: rotation (body → ground) and origin.
#[derive(Debug, Clone)]
pub struct BodyPose {
    pub rotation: JMat,
    pub origin: JVec,
}

/// Why a multibody cannot be assembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultibodyError(pub String);

impl std::fmt::Display for MultibodyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MultibodyError {}

fn rotation_about(axis: &Vector3<f64>, angle: J) -> JMat {
    // Rodrigues: R = I + sin θ K + (1 − cos θ) K², K the cross-product matrix of the unit axis
    // (constant: each element is the angle's jets scaled, no jet products).
    let k = axis.cross_matrix();
    let k2 = k * k;
    let (s, vers) = (angle.sin(), c(1.0) - angle.cos());
    let id = Matrix3::<f64>::identity();
    JMat::from_fn(|i, j| s * k[(i, j)] + vers * k2[(i, j)] + id[(i, j)])
}

impl Multibody {
    /// Checks the tree: every body has exactly one joint, parents come before children, and
    /// coordinate indices are in range. Joints are reordered parent-first.
    pub fn new(
        name: String,
        bodies: Vec<RigidBody>,
        joints: Vec<MbJoint>,
        coordinates: Vec<MbCoordinate>,
        gravity: Vector3<f64>,
    ) -> Result<Multibody, MultibodyError> {
        let err = |m: String| Err(MultibodyError(format!("model `{name}`: {m}")));
        for b in 0..bodies.len() {
            let n = joints.iter().filter(|j| j.child == b).count();
            if n != 1 {
                return err(format!(
                    "body `{}` is the child of {n} joints; exactly one expected",
                    bodies[b].name
                ));
            }
        }
        for j in &joints {
            let axes = j.rotations.iter().chain(&j.translations);
            if j.child >= bodies.len()
                || j.parent.is_some_and(|p| p >= bodies.len())
                || axes.clone().any(|a| a.coordinate.is_some_and(|q| q >= coordinates.len()))
            {
                return err(format!("joint `{}` names a body or coordinate that does not exist", j.name));
            }
        }
        // Parent-first order by repeated passes (the trees are small).
        let mut ordered: Vec<MbJoint> = Vec::with_capacity(joints.len());
        let mut placed = vec![false; bodies.len()];
        let mut rest = joints;
        while !rest.is_empty() {
            let before = rest.len();
            let (ready, wait): (Vec<_>, Vec<_>) =
                rest.into_iter().partition(|j| j.parent.is_none_or(|p| placed[p]));
            for j in ready {
                placed[j.child] = true;
                ordered.push(j);
            }
            rest = wait;
            if rest.len() == before {
                return err(format!("joint `{}` is not connected to the ground", rest[0].name));
            }
        }
        Ok(Multibody { name, bodies, joints: ordered, coordinates, gravity })
    }

    /// Index of a coordinate by name.
    pub fn coordinate(&self, name: &str) -> Option<usize> {
        self.coordinates.iter().position(|c| c.name == name)
    }

    /// Index of a body by name.
    pub fn body(&self, name: &str) -> Option<usize> {
        self.bodies.iter().position(|b| b.name == name)
    }

    pub fn total_mass(&self) -> f64 {
        self.bodies.iter().map(|b| b.mass).sum()
    }

    /// Every body's pose for coordinate jets `q` (one per coordinate), indexed like `bodies`.
    pub fn poses(&self, q: &[J]) -> Vec<BodyPose> {
        assert_eq!(q.len(), self.coordinates.len(), "one jet per coordinate");
        let ground = BodyPose { rotation: JMat::identity(), origin: cvec(Vector3::zeros()) };
        let mut poses = vec![ground.clone(); self.bodies.len()];
        for j in &self.joints {
            let parent = j.parent.map_or(&ground, |p| &poses[p]);
            poses[j.child] = j.child_pose(parent, q);
        }
        poses
    }
}

impl MbJoint {
    /// The joint's motion `X_FM(q)`: rotation and translation of M in F.
    pub fn motion(&self, q: &[J]) -> (JMat, JVec) {
        let value = |a: &JointAxis| a.function.eval(a.coordinate.map_or(c(0.0), |i| q[i]));
        let mut r_fm = JMat::identity();
        for (k, a) in self.rotations.iter().enumerate() {
            let r = rotation_about(&a.axis, value(a));
            r_fm = if k == 0 { r } else { mat_mul(&r_fm, &r) };
        }
        let mut p_fm = cvec(Vector3::zeros());
        for a in &self.translations {
            p_fm += cvec(a.axis).map(|x| x * value(a));
        }
        (r_fm, p_fm)
    }

    /// The child's pose given the parent's.
    pub fn child_pose(&self, parent: &BodyPose, q: &[J]) -> BodyPose {
        let (r_fm, p_fm) = self.motion(q);
        // Ground ← F.
        let r_gf = mat_mul_const(&parent.rotation, &self.in_parent.rotation);
        let p_gf = parent.origin + mat_vec_const(&parent.rotation, &self.in_parent.origin);
        // Ground ← M, then ground ← child (M fixed in the child at in_child).
        let r_gc = mat_mul_const(&mat_mul(&r_gf, &r_fm), &self.in_child.rotation.transpose());
        let p_gc = p_gf + mat_vec(&r_gf, &p_fm) - mat_vec_const(&r_gc, &self.in_child.origin);
        BodyPose { rotation: r_gc, origin: p_gc }
    }

    /// The coordinates this joint's axes take (each once).
    pub fn coordinates(&self) -> Vec<usize> {
        let mut out: Vec<usize> =
            self.rotations.iter().chain(&self.translations).filter_map(|a| a.coordinate).collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}
