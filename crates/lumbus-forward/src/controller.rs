//! The tracking controller: at every joint, the inverse path's joint moment as feedforward plus
//! PD feedback on the joint's relative rotation, applied as explicit equal and opposite torques
//! on child and parent (rapier's motors are not accurate springs: DESIGN.md). The pelvis, the
//! floating root, gets a PD residual wrench (the role of OpenSim RRA/CMC's residual actuators),
//! whose size the run reports.

use crate::convert::*;
use crate::targets::{Target, Track, joint_centre};
use crate::world::ARMATURE_KGM2;
use lumbus_core::model::{N_SEGMENTS, PARENT, PELVIS, Segment};
use nalgebra::{Matrix3, Vector3};

/// Closed-loop natural frequencies and damping. Each joint's stiffness is its child subtree's
/// inertia about the joint times ω², so every joint answers an error on the same time scale.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gains {
    pub joint_hz: f64,
    pub pelvis_hz: f64,
    pub damping_ratio: f64,
    /// Joint error at which the PD alone would carry the joint's peak feedforward moment, deg.
    pub load_deg: f64,
}

impl Default for Gains {
    /// Joints at 20 Hz (well above gait's ~1 Hz content; with 1 ms steps ω·dt ≈ 0.13, far inside
    /// explicit integration's stability), the pelvis residual at 5 Hz, critically damped
    /// (assumptions, tuned: see the forward tests).
    fn default() -> Self {
        Gains { joint_hz: 20.0, pelvis_hz: 5.0, damping_ratio: 1.0, load_deg: 1.0 }
    }
}

/// The simulated state read back from rapier, world frame.
#[derive(Clone, Debug)]
pub struct State {
    pub rot: [Matrix3<f64>; N_SEGMENTS],
    pub origin: [Vector3<f64>; N_SEGMENTS],
    pub com: [Vector3<f64>; N_SEGMENTS],
    pub com_vel: [Vector3<f64>; N_SEGMENTS],
    pub omega: [Vector3<f64>; N_SEGMENTS],
}

/// Torques on every body and the pelvis residual wrench for one step.
#[derive(Clone, Debug, Default)]
pub struct Command {
    pub torque: [Vector3<f64>; N_SEGMENTS],
    pub residual_force: Vector3<f64>,
    pub residual_torque: Vector3<f64>,
}

#[derive(Clone)]
pub struct Controller {
    k: [f64; N_SEGMENTS],
    d: [f64; N_SEGMENTS],
    /// 1 / (1 + (D·dt + K·dt²) / I_eff) per joint: the "stable PD" factor (Tan, Liu & Turk
    /// 2011, IEEE CG&A 31(4):34) that makes the feedback act on the predicted next state, so a
    /// stiff joint between two light bodies (a lumbar vertebra) stays stable with explicit torques.
    /// I_eff is the smallest principal inertia of child and parent combined in series.
    implicit: [f64; N_SEGMENTS],
    dt: f64,
    k_lin: f64,
    d_lin: f64,
    k_rot: f64,
    d_rot: f64,
    implicit_lin: f64,
    implicit_rot: f64,
}

/// Mean of the principal moments (trace / 3) of a subtree's inertia about a point.
fn subtree_inertia(segments: &[Segment], target: &Target, root: usize, about: &Vector3<f64>) -> f64 {
    let pose = &target.pose;
    (0..N_SEGMENTS)
        .filter(|&s| Segment::in_subtree(s, root))
        .map(|s| {
            let r = pose.com[s] - about;
            segments[s].inertia.trace() / 3.0 + segments[s].mass * r.norm_squared() * 2.0 / 3.0
        })
        .sum()
}

impl Controller {
    pub fn new(
        segments: &[Segment],
        start: &Target,
        peak_moment: &[f64; N_SEGMENTS],
        gains: Gains,
        dt: f64,
    ) -> Controller {
        let w = std::f64::consts::TAU * gains.joint_hz;
        let z = gains.damping_ratio;
        let mut k = [0.0; N_SEGMENTS];
        let mut d = [0.0; N_SEGMENTS];
        // The bodies' least principal inertia as the physics world has it (with the armature).
        let least = |s: usize| segments[s].inertia.symmetric_eigenvalues().min() + ARMATURE_KGM2;
        let i_eff = |s: usize| {
            let (a, b) = (least(s), least(PARENT[s]));
            a * b / (a + b)
        };
        for s in 1..N_SEGMENTS {
            let i = subtree_inertia(segments, start, s, &joint_centre(&start.pose, s));
            // Stiff enough to hold the joint's largest feedforward moment within `load_deg` of
            // error, and at least the inertial stiffness; damped critically on the joint's own
            // (series) inertia, which is what explicit integration has to keep stable.
            k[s] = (i * w * w).max(peak_moment[s] / gains.load_deg.to_radians());
            d[s] = 2.0 * z * (k[s] * i_eff(s)).sqrt();
        }
        let implicit = std::array::from_fn(|s| {
            if s == PELVIS {
                return 1.0;
            }
            1.0 / (1.0 + (d[s] * dt + k[s] * dt * dt) / i_eff(s))
        });
        let mass: f64 = segments.iter().map(|s| s.mass).sum();
        let wp = std::f64::consts::TAU * gains.pelvis_hz;
        let i_body = subtree_inertia(segments, start, PELVIS, &start.pose.com[PELVIS]);
        // The residual acts on the pelvis alone: the same stable-PD factor, with its own mass and
        // least inertia.
        let (k_lin, d_lin) = (mass * wp * wp, 2.0 * z * wp * mass);
        let (k_rot, d_rot) = (i_body * wp * wp, 2.0 * z * wp * i_body);
        let m_p = segments[PELVIS].mass;
        let i_p = segments[PELVIS].inertia.symmetric_eigenvalues().min();
        Controller {
            k,
            d,
            implicit,
            dt,
            k_lin,
            d_lin,
            k_rot,
            d_rot,
            implicit_lin: 1.0 / (1.0 + (d_lin * dt + k_lin * dt * dt) / m_p),
            implicit_rot: 1.0 / (1.0 + (d_rot * dt + k_rot * dt * dt) / i_p),
        }
    }

    /// The command for the simulated state `x` tracking `target` (whose positions are shifted
    /// forward by `shift` m along X: the cycle the target belongs to).
    pub fn command(&self, x: &State, p: &Track, shift: f64, out: &mut Command) {
        out.torque = [Vector3::zeros(); N_SEGMENTS];
        for s in 1..N_SEGMENTS {
            let q = PARENT[s];
            // The plan's joint, carried on the simulated parent.
            let carry = x.rot[q] * p.rot[q].transpose();
            let want = carry * p.rot[s];
            let err = log_rot(&(want * x.rot[s].transpose()));
            let rate_want = carry * (p.omega[s] - p.omega[q]);
            let rate = x.omega[s] - x.omega[q];
            let rate_err = rate_want - rate;
            let pd = ((err + rate_err * self.dt) * self.k[s] + rate_err * self.d[s]) * self.implicit[s];
            let tau = carry * p.moment[s] + pd;
            out.torque[s] += tau;
            out.torque[q] -= tau;
        }
        let shift = Vector3::new(shift, 0.0, 0.0);
        let e_lin = p.pelvis_com + shift - x.com[PELVIS];
        let v_err = p.pelvis_com_vel - x.com_vel[PELVIS];
        out.residual_force =
            ((e_lin + v_err * self.dt) * self.k_lin + v_err * self.d_lin) * self.implicit_lin;
        let e_rot = log_rot(&(p.rot[PELVIS] * x.rot[PELVIS].transpose()));
        let w_err = p.omega[PELVIS] - x.omega[PELVIS];
        out.residual_torque =
            ((e_rot + w_err * self.dt) * self.k_rot + w_err * self.d_rot) * self.implicit_rot;
    }
}
