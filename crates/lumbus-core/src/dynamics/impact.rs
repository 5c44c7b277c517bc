//! The impact transient in the inverse dynamics: the forces of `gait::impact` as momentum of
//! the body's segments and as ground reaction, so that the two balance exactly.
//!
//! The effective mass's deceleration is carried by the landing foot; the upper force by the
//! rest of the body (everything but the landing foot and shank) as one rigid body — its joints
//! do not move in the few ms of the impact — pushed along the vertical through the landing
//! point: each of its segments gets the rigid body's linear and angular acceleration. Every
//! force acts along that one vertical, and the ground takes their sum there, so the body's
//! momentum balance (and every cut's top-down/bottom-up agreement) holds to rounding.

use super::grf::GroundReaction;
use super::wrench::Wrench;
use crate::gait::Pose;
use crate::model::{FOOT, N_SEGMENTS, SHANK, Segment};
use nalgebra::{Matrix3, Vector3};

/// Adds each landing foot's impact to the segments' momentum rates.
pub fn add_impact_wrenches(segments: &[Segment], pose: &Pose, w: &mut [Wrench; N_SEGMENTS]) {
    for side in 0..2 {
        let Some(imp) = pose.impacts[side] else { continue };
        let p = imp.point;
        let f1 = Vector3::new(0.0, imp.ground_n - imp.upper_n, 0.0);
        w[FOOT[side]] = w[FOOT[side]] + Wrench { force: f1, moment: p.cross(&f1) };
        let rest = |s: usize| s != FOOT[side] && s != SHANK[side];
        let m2: f64 = (0..N_SEGMENTS).filter(|&s| rest(s)).map(|s| segments[s].mass).sum();
        let com2 = (0..N_SEGMENTS)
            .filter(|&s| rest(s))
            .fold(Vector3::zeros(), |a, s| a + pose.com[s] * segments[s].mass)
            / m2;
        let inertia_world = |s: usize| pose.rot[s] * segments[s].inertia * pose.rot[s].transpose();
        // Composite inertia about com2 (parallel axes).
        let i2 = (0..N_SEGMENTS).filter(|&s| rest(s)).fold(Matrix3::zeros(), |a, s| {
            let d = pose.com[s] - com2;
            a + inertia_world(s) + (Matrix3::identity() * d.dot(&d) - d * d.transpose()) * segments[s].mass
        });
        let f2 = Vector3::new(0.0, imp.upper_n, 0.0);
        let acc = f2 / m2;
        let alpha = i2.try_inverse().expect("a body's inertia is invertible") * (p - com2).cross(&f2);
        for s in (0..N_SEGMENTS).filter(|&s| rest(s)) {
            let f = (acc + alpha.cross(&(pose.com[s] - com2))) * segments[s].mass;
            w[s] = w[s] + Wrench { force: f, moment: pose.com[s].cross(&f) + inertia_world(s) * alpha };
        }
    }
}

/// Adds each landing foot's impact ground force at its landing point: the foot's centre of
/// pressure and free moment are recomputed so that its wrench is the old one plus the impact's.
pub fn add_impact_ground(pose: &Pose, grf: &mut GroundReaction) -> Result<(), String> {
    for side in 0..2 {
        let Some(imp) = pose.impacts[side] else { continue };
        if imp.ground_n == 0.0 {
            continue;
        }
        let foot = &mut grf.feet[side];
        let extra = Vector3::new(0.0, imp.ground_n, 0.0);
        let moment = foot.wrench().moment + imp.point.cross(&extra);
        let force = foot.force + extra;
        if force.y <= 1e-6 {
            return Err(format!(
                "the impact's ground force ({:.1} N) would make the foot pull on the ground",
                imp.ground_n
            ));
        }
        // d × F with d = (x, 0, z): x: −z·Fy, z: x·Fy, y: z·Fx − x·Fz.
        let (x, z) = (moment.z / force.y, -moment.x / force.y);
        foot.force = force;
        foot.cop = Vector3::new(x, 0.0, z);
        foot.free_moment = moment.y - (z * force.x - x * force.z);
    }
    Ok(())
}
