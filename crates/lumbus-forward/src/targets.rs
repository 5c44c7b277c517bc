//! What the controller tracks: the planned pose at every simulation step of one cycle, each
//! joint's relative rotation and rate, and the feedforward joint moments from the inverse path.
//!
//! The gait is periodic, so one cycle is tabulated once and reused for every cycle, shifted
//! forward by a stride.

use lumbus_core::Engine;
use lumbus_core::dynamics::{Wrench, ground_reaction, segment_wrenches};
use lumbus_core::gait::Pose;
use lumbus_core::model::{FOOT, N_SEGMENTS, PARENT, PELVIS, Segment};
use nalgebra::{Matrix3, Vector3};

/// Where segment `s` meets its parent, world frame (pelvis: its origin).
pub fn joint_centre(pose: &Pose, s: usize) -> Vector3<f64> {
    match s {
        // Vertebra segments 1..=5 are L5 … L1; their lower disc is L5–S1 (index 4) … L1–L2 (0).
        1..=5 => pose.disc_centre[5 - s],
        _ => pose.origin[s],
    }
}

/// One step's targets.
#[derive(Clone, Debug)]
pub struct Target {
    pub pose: Pose,
    /// Centre-of-mass velocity of every segment (the pose gives positions and accelerations).
    pub com_vel: [Vector3<f64>; N_SEGMENTS],
    /// Feedforward moment each joint's actuator applies to its child segment, about the joint
    /// centre, world frame (index = child segment; the pelvis entry is zero).
    pub moment: [Vector3<f64>; N_SEGMENTS],
}

/// The net moment about each joint centre that the parent side exerts on the child's subtree,
/// with the ground reaction of the smooth-transition assumption: the inverse path's joint
/// moments, used as feedforward.
pub fn joint_moments(segments: &[Segment], pose: &Pose) -> Result<[Vector3<f64>; N_SEGMENTS], String> {
    let mut w = [Wrench::default(); N_SEGMENTS];
    segment_wrenches(segments, pose, &mut w);
    let total = w.iter().fold(Wrench::default(), |a, x| a + *x);
    let grf = ground_reaction(&total, &pose.contacts, com_height(segments, pose))?;
    // Subtree sums, leaves first (children have larger indices than their parents).
    let mut sub = w;
    for side in 0..2 {
        sub[FOOT[side]] = sub[FOOT[side]] - grf.feet[side].wrench();
    }
    for s in (1..N_SEGMENTS).rev() {
        let p = PARENT[s];
        sub[p] = sub[p] + sub[s];
    }
    let origin = Vector3::zeros();
    Ok(std::array::from_fn(|s| {
        if s == PELVIS { Vector3::zeros() } else { sub[s].shifted(&origin, &joint_centre(pose, s)).moment }
    }))
}

/// Height of the whole body's centre of mass, m (the pivot height of the ground reaction's
/// sagittal split, as the inverse path uses it).
pub fn com_height(segments: &[Segment], pose: &Pose) -> f64 {
    let mass: f64 = segments.iter().map(|s| s.mass).sum();
    segments.iter().zip(&pose.com).map(|(s, c)| s.mass * c.y).sum::<f64>() / mass
}

/// One cycle of targets at `steps` evenly spaced instants. The centre-of-mass velocities are
/// central differences of the tabulated positions (the pose carries no velocity of points; the
/// next cycle's first pose is the first one a stride ahead): the error is dt²/6 times the jerk,
/// a few µm/s at 0.5 ms steps, and it costs no further pose evaluation.
pub fn tabulate(engine: &Engine, steps: usize) -> Result<Vec<Target>, String> {
    let period = engine.plan.period;
    let dt = period / steps as f64;
    let mut table = (0..steps)
        .map(|i| {
            let t = dt * i as f64;
            let pose = engine.pose(t);
            let moment =
                joint_moments(&engine.model.segments, &pose).map_err(|e| format!("t = {t:.4} s: {e}"))?;
            Ok(Target { com_vel: [Vector3::zeros(); N_SEGMENTS], moment, pose })
        })
        .collect::<Result<Vec<Target>, String>>()?;
    let stride = Vector3::new(engine.plan.stride, 0.0, 0.0);
    for i in 0..steps {
        let next = if i + 1 < steps { table[i + 1].pose.com } else { table[0].pose.com.map(|c| c + stride) };
        let prev = if i > 0 { table[i - 1].pose.com } else { table[steps - 1].pose.com.map(|c| c - stride) };
        table[i].com_vel = std::array::from_fn(|s| (next[s] - prev[s]) / (2.0 * dt));
    }
    Ok(table)
}

/// The relative rotation of a segment in its parent's frame.
pub fn relative(rot: &[Matrix3<f64>; N_SEGMENTS], s: usize) -> Matrix3<f64> {
    rot[PARENT[s]].transpose() * rot[s]
}
