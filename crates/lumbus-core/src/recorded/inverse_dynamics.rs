//! Inverse dynamics on a [`Multibody`]: the generalised force of every coordinate that, with
//! gravity and the measured external loads, produces the recorded motion.
//!
//! Each body's required wrench (Newton–Euler at its centre of mass, minus the external loads
//! on it) is projected on each coordinate by the body's Jacobian (virtual work):
//! `τ_i = Σ_b F_b · ∂c_b/∂q_i + M_b · ∂θ_b/∂q_i`. Accelerations come from the coordinate jets
//! (exact derivatives of the coordinate splines), the Jacobians from the same forward
//! kinematics seeded on one coordinate at a time, so kinematics and Jacobians cannot disagree.
//! The generalised speeds are the coordinate rates, as in OpenSim's custom joints, so the
//! results are OpenSim's generalised forces (N·m for angles, N for translations).

use nalgebra::Vector3;

use super::function::CubicSpline;
use super::multibody::{BodyPose, Multibody};
use crate::jet::{J, JMat, c, cvec, mat_vec_const, split_rot, split_vec, time};

/// A load applied to a body by the environment (a force plate).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyLoad {
    /// Index into the multibody's bodies.
    pub body: usize,
    /// N, ground frame.
    pub force: Vector3<f64>,
    /// Point of application, ground frame, m.
    pub point: Vector3<f64>,
    /// Free torque, N·m, ground frame.
    pub torque: Vector3<f64>,
}

/// Coordinate trajectories as interpolating cubic splines of (filtered) samples, so that
/// positions, velocities and accelerations are one consistent smooth function of time.
#[derive(Debug, Clone, PartialEq)]
pub struct CoordinateSplines {
    splines: Vec<CubicSpline>,
}

impl CoordinateSplines {
    /// `values[i]` samples coordinate `i` at `times` (strictly increasing).
    pub fn new(times: &[f64], values: &[Vec<f64>]) -> Self {
        CoordinateSplines { splines: values.iter().map(|v| CubicSpline::fmm(times, v)).collect() }
    }

    /// The coordinates at `t` as time jets (value, rate, acceleration).
    pub fn at(&self, t: f64) -> Vec<J> {
        let tj = time(t);
        self.splines.iter().map(|s| s.eval(tj)).collect()
    }
}

/// The generalised forces for coordinate jets `q` (seeded on time) and external `loads`.
///
/// Each coordinate moves the subtree below its joint rigidly, with a twist (ω, v at the
/// child's origin) per unit rate; its generalised force is the subtree's required wrench
/// dotted with that twist. The twist comes from the joint's own motion seeded on the
/// coordinate, so the Jacobian costs one joint evaluation per coordinate.
pub fn generalized_forces(mb: &Multibody, q: &[J], loads: &[BodyLoad]) -> Vec<f64> {
    generalized_forces_posed(mb, &mb.poses(q), q, loads)
}

/// `generalized_forces` with the bodies' poses for `q` already found (`Multibody::poses`).
pub fn generalized_forces_posed(mb: &Multibody, poses: &[BodyPose], q: &[J], loads: &[BodyLoad]) -> Vec<f64> {
    let wrenches = required_wrenches_posed(mb, poses, loads);
    // Subtree totals: force, and moment about the ground origin.
    let mut sub: Vec<(Vector3<f64>, Vector3<f64>)> = poses
        .iter()
        .zip(&mb.bodies)
        .zip(&wrenches)
        .map(|((pose, body), (f, m))| {
            let com = (pose.origin + mat_vec_const(&pose.rotation, &body.com)).map(|x| x.re);
            (*f, m + com.cross(f))
        })
        .collect();
    for j in mb.joints.iter().rev() {
        if let Some(p) = j.parent {
            let (f, m) = sub[j.child];
            sub[p].0 += f;
            sub[p].1 += m;
        }
    }
    let ground = BodyPose { rotation: JMat::identity(), origin: cvec(Vector3::zeros()) };
    let value =
        |p: &BodyPose| BodyPose { rotation: p.rotation.map(|x| c(x.re)), origin: p.origin.map(|x| c(x.re)) };
    let mut tau = vec![0.0; q.len()];
    let mut seeded: Vec<J> = q.iter().map(|x| c(x.re)).collect();
    for j in &mb.joints {
        let parent = j.parent.map_or(ground.clone(), |p| value(&poses[p]));
        let (f, m) = sub[j.child];
        for i in j.coordinates() {
            seeded[i] = J::new(q[i].re, 1.0, 0.0);
            let child = j.child_pose(&parent, &seeded);
            let (_, w, _) = split_rot(&child.rotation);
            let (o, v, _) = split_vec(&child.origin);
            tau[i] += f.dot(&v) + w.dot(&(m - o.cross(&f)));
            seeded[i] = c(q[i].re);
        }
    }
    tau
}

/// Each body's force and moment (about its centre of mass, ground frame) that its joints must
/// supply: m(a − g) and dH/dt, less the external loads on it.
pub fn required_wrenches(mb: &Multibody, q: &[J], loads: &[BodyLoad]) -> Vec<(Vector3<f64>, Vector3<f64>)> {
    required_wrenches_posed(mb, &mb.poses(q), loads)
}

/// `required_wrenches` with the bodies' poses already found.
fn required_wrenches_posed(
    mb: &Multibody,
    poses: &[BodyPose],
    loads: &[BodyLoad],
) -> Vec<(Vector3<f64>, Vector3<f64>)> {
    let mut out: Vec<_> = poses
        .iter()
        .zip(&mb.bodies)
        .map(|(pose, body)| {
            let (r, w, alpha) = split_rot(&pose.rotation);
            let (_, _, a) = split_vec(&(pose.origin + mat_vec_const(&pose.rotation, &body.com)));
            let inertia = r * body.inertia * r.transpose();
            let force = (a - mb.gravity) * body.mass;
            let moment = inertia * alpha + w.cross(&(inertia * w));
            (force, moment)
        })
        .collect();
    for l in loads {
        let pose = &poses[l.body];
        let com = (pose.origin + mat_vec_const(&pose.rotation, &mb.bodies[l.body].com)).map(|x| x.re);
        let (f, m) = &mut out[l.body];
        *f -= l.force;
        *m -= (l.point - com).cross(&l.force) + l.torque;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recorded::{CoordinateFunction, FixedFrame, JointAxis, MbCoordinate, MbJoint, RigidBody};
    use nalgebra::Matrix3;

    /// A pendulum hinged at the ground origin about Z, its centre of mass `l` below the hinge
    /// at q = 0, with a second body on a slider along the first body's −Y (a coordinate that
    /// also moves with the first): checks rotation, translation and the subtree sums.
    fn pendulum() -> Multibody {
        let frame = FixedFrame::from_opensim([0.0; 3], [0.0; 3]);
        let body = |name: &str, mass: f64| RigidBody {
            name: name.into(),
            mass,
            com: Vector3::new(0.0, -0.5, 0.0),
            inertia: Matrix3::from_diagonal(&Vector3::new(0.01, 0.02, 0.03)),
        };
        let axis = |axis: Vector3<f64>, i: usize| JointAxis {
            axis,
            coordinate: Some(i),
            function: CoordinateFunction::identity(),
        };
        let coord = |n: &str, t: bool| MbCoordinate { name: n.into(), default_value: 0.0, translational: t };
        Multibody::new(
            "pendulum".into(),
            vec![body("arm", 2.0), body("slider", 1.0)],
            vec![
                MbJoint {
                    name: "hinge".into(),
                    parent: None,
                    child: 0,
                    in_parent: frame,
                    in_child: frame,
                    rotations: vec![axis(Vector3::z(), 0)],
                    translations: vec![],
                },
                MbJoint {
                    name: "slide".into(),
                    parent: Some(0),
                    child: 1,
                    in_parent: frame,
                    in_child: frame,
                    rotations: vec![],
                    translations: vec![axis(-Vector3::y(), 1)],
                },
            ],
            vec![coord("angle", false), coord("slide", true)],
            Vector3::new(0.0, -9.81, 0.0),
        )
        .unwrap()
    }

    #[test]
    fn pendulum_with_a_slider_matches_lagrange() {
        let mb = pendulum();
        let (q, qd, qdd) = (0.3, -1.2, 2.5);
        let (s, sd, sdd) = (0.2, 0.4, -0.7);
        let tau = generalized_forces(&mb, &[J::new(q, qd, qdd), J::new(s, sd, sdd)], &[]);
        // Arm: com at distance 0.5; slider: com at distance r = 0.5 + s along the arm.
        let (g, ia, is) = (9.81, 0.03, 0.03);
        let r = 0.5 + s;
        let (ma, ms) = (2.0, 1.0);
        let angle = (ia + ma * 0.25 + is + ms * r * r) * qdd
            + 2.0 * ms * r * sd * qd
            + (ma * 0.5 + ms * r) * g * q.sin();
        let slide = ms * (sdd - r * qd * qd) - ms * g * q.cos();
        assert!((tau[0] - angle).abs() < 1e-9, "{} vs {angle}", tau[0]);
        assert!((tau[1] - slide).abs() < 1e-9, "{} vs {slide}", tau[1]);
        // A load cancelling gravity on the slider at its centre of mass removes its weight.
        let pose_com = Vector3::new(r * q.sin(), -r * q.cos(), 0.0);
        let load = BodyLoad {
            body: 1,
            force: Vector3::new(0.0, ms * g, 0.0),
            point: pose_com,
            torque: Vector3::zeros(),
        };
        let with = generalized_forces(&mb, &[J::new(q, qd, qdd), J::new(s, sd, sdd)], &[load]);
        assert!((with[1] - (slide + ms * g * q.cos())).abs() < 1e-9);
        assert!((with[0] - (angle - ms * r * g * q.sin())).abs() < 1e-9);
    }
}
