//! What the controller tracks: the planned pose over one cycle, each joint's relative rotation
//! and rate, and the feedforward joint moments from the inverse path, tabulated on a grid a few
//! milliseconds apart and interpolated at every simulation step (`Table`).
//!
//! The gait is periodic, so one cycle is tabulated once and reused for every cycle, shifted
//! by a stride (backward when walking backward: `GaitPlan::advance_per_cycle`).

use lumbus_core::Engine;
use lumbus_core::dynamics::{Wrench, ground_reaction, segment_wrenches};
use lumbus_core::gait::Pose;
use lumbus_core::model::{FOOT, N_SEGMENTS, PARENT, PELVIS, Segment};
use nalgebra::{Matrix3, Rotation3, Vector3};

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
/// fourth-order central differences of the tabulated positions (the pose carries no velocity of
/// points; the next cycle's poses are this cycle's a stride ahead): the error is h⁴/30 times the
/// fifth derivative, below 0.1 mm/s on a 2 ms grid, and it costs no further pose evaluation.
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
    let advance = engine.plan.advance_per_cycle();
    // Centres of mass at grid index i + k (k = −2 … 2), a stride ahead or behind across the cycle.
    let com = |table: &[Target], i: usize, k: isize, s: usize| {
        let j = i as isize + k;
        let (wrapped, cycles) = (j.rem_euclid(steps as isize) as usize, j.div_euclid(steps as isize));
        table[wrapped].pose.com[s] + Vector3::new(cycles as f64 * advance, 0.0, 0.0)
    };
    for i in 0..steps {
        table[i].com_vel = std::array::from_fn(|s| {
            let p = |k| com(&table, i, k, s);
            (p(-2) - p(2) + (p(1) - p(-1)) * 8.0) / (12.0 * dt)
        });
    }
    Ok(table)
}

/// What the controller and the fall check need at one physics step: the plan at that instant.
#[derive(Clone, Debug)]
pub struct Track {
    pub rot: [Matrix3<f64>; N_SEGMENTS],
    pub omega: [Vector3<f64>; N_SEGMENTS],
    pub pelvis_origin: Vector3<f64>,
    pub pelvis_com: Vector3<f64>,
    pub pelvis_com_vel: Vector3<f64>,
    /// Feedforward joint moments (as `Target::moment`).
    pub moment: [Vector3<f64>; N_SEGMENTS],
}

impl Default for Track {
    fn default() -> Self {
        Track {
            rot: [Matrix3::identity(); N_SEGMENTS],
            omega: [Vector3::zeros(); N_SEGMENTS],
            pelvis_origin: Vector3::zeros(),
            pelvis_com: Vector3::zeros(),
            pelvis_com_vel: Vector3::zeros(),
            moment: [Vector3::zeros(); N_SEGMENTS],
        }
    }
}

/// Longest interval between tabulated instants, s. Evaluating the plan's pose and the inverse
/// path's moments at every physics step was a sixth of a batch run; between instants this far
/// apart the targets are cubic interpolants (assumption, checked by
/// `interpolation_matches_the_plan` against every 0.5 ms step of normal walking: rotations within
/// 4·10⁻⁵°, the pelvis within 1 nm, feedforward moments 0.02 % RMS of the peak moment, 1.2 % at
/// most, next to heel strike and toe-off).
pub const TABLE_MAX_DT: f64 = 2.5e-3;

/// One cycle of targets on a grid coarser than the physics step, interpolated at each step:
/// rotations by a cubic Hermite rotation vector (the plan's angular velocities as end
/// tangents), angular velocities and the pelvis's centre of mass and its velocity by cubic
/// Hermite with their exact derivatives (angular and linear accelerations), feedforward moments
/// by Catmull–Rom. At the grid's instants every value is the tabulated one exactly.
pub struct Table {
    pub grid: Vec<Target>,
    /// Physics steps per cycle.
    pub steps: usize,
    /// Each grid interval's rotation of every segment (world frame rotation vector from the
    /// interval's start to its end) and the end tangent `ω₁ − ½ δ × ω₁` (the derivative of the
    /// rotation vector, to second order in δ).
    delta: Vec<[Vector3<f64>; N_SEGMENTS]>,
    end_tangent: Vec<[Vector3<f64>; N_SEGMENTS]>,
    /// The pelvis's centre of mass in its own frame.
    pelvis_com_local: Vector3<f64>,
    /// How far the body moves along X over a cycle, m (`GaitPlan::advance_per_cycle`).
    advance: f64,
    h: f64,
}

impl Table {
    /// `steps` physics steps per cycle; the grid has the fewest instants at most `TABLE_MAX_DT`
    /// apart.
    pub fn new(engine: &Engine, steps: usize) -> Result<Table, String> {
        let period = engine.plan.period;
        let n = ((period / TABLE_MAX_DT).ceil() as usize).min(steps);
        let grid = tabulate(engine, n)?;
        let mut delta = Vec::with_capacity(n);
        let mut end_tangent = Vec::with_capacity(n);
        for j in 0..n {
            let (a, b) = (&grid[j].pose, &grid[(j + 1) % n].pose);
            let d: [Vector3<f64>; N_SEGMENTS] =
                std::array::from_fn(|s| crate::convert::log_rot(&(b.rot[s] * a.rot[s].transpose())));
            end_tangent.push(std::array::from_fn(|s| b.omega[s] - d[s].cross(&b.omega[s]) * 0.5));
            delta.push(d);
        }
        Ok(Table {
            grid,
            steps,
            delta,
            end_tangent,
            pelvis_com_local: engine.model.segments[PELVIS].com,
            advance: engine.plan.advance_per_cycle(),
            h: period / n as f64,
        })
    }

    /// The targets at physics step `i` of the cycle (0 ≤ i < `steps`).
    pub fn at(&self, i: usize, out: &mut Track) {
        let n = self.grid.len();
        // Grid interval j and the fraction u through it, in exact integer arithmetic.
        let (j, r) = ((i * n) / self.steps, (i * n) % self.steps);
        let u = r as f64 / self.steps as f64;
        let (a, b) = (&self.grid[j], &self.grid[(j + 1) % n]);
        let shift = if j + 1 == n { Vector3::new(self.advance, 0.0, 0.0) } else { Vector3::zeros() };
        let h = self.h;
        let (u2, u3) = (u * u, u * u * u);
        let (h00, h10, h01, h11) =
            (2.0 * u3 - 3.0 * u2 + 1.0, u3 - 2.0 * u2 + u, 3.0 * u2 - 2.0 * u3, u3 - u2);
        let (pa, pb) = (&a.pose, &b.pose);
        let (delta, end) = (&self.delta[j], &self.end_tangent[j]);
        for s in 0..N_SEGMENTS {
            let d = pa.omega[s] * (h10 * h) + delta[s] * h01 + end[s] * (h11 * h);
            out.rot[s] = Rotation3::new(d).into_inner() * pa.rot[s];
            out.omega[s] =
                pa.omega[s] * h00 + pa.alpha[s] * (h10 * h) + pb.omega[s] * h01 + pb.alpha[s] * (h11 * h);
        }
        let (ca, cb) = (pa.com[PELVIS], pb.com[PELVIS] + shift);
        let (va, vb) = (a.com_vel[PELVIS], b.com_vel[PELVIS]);
        out.pelvis_com = ca * h00 + va * (h10 * h) + cb * h01 + vb * (h11 * h);
        out.pelvis_com_vel =
            va * h00 + pa.com_acc[PELVIS] * (h10 * h) + vb * h01 + pb.com_acc[PELVIS] * (h11 * h);
        out.pelvis_origin = out.pelvis_com - out.rot[PELVIS] * self.pelvis_com_local;
        // Catmull–Rom: tangents from the neighbouring instants (the moments are periodic).
        let (m0, m1) = (&self.grid[(j + n - 1) % n].moment, &self.grid[(j + 2) % n].moment);
        for s in 0..N_SEGMENTS {
            let (p0, p1) = (a.moment[s], b.moment[s]);
            let (t0, t1) = ((p1 - m0[s]) * 0.5, (m1[s] - p0) * 0.5);
            out.moment[s] = p0 * h00 + t0 * h10 + p1 * h01 + t1 * h11;
        }
    }
}

/// The relative rotation of a segment in its parent's frame.
pub fn relative(rot: &[Matrix3<f64>; N_SEGMENTS], s: usize) -> Matrix3<f64> {
    rot[PARENT[s]].transpose() * rot[s]
}

#[cfg(test)]
mod tests {
    use super::*;
    use lumbus_core::Scene;

    /// The interpolated targets against the plan evaluated at every 0.5 ms step of a cycle.
    #[test]
    fn interpolation_matches_the_plan() {
        let engine = Engine::new(&crate::forward_scene(&Scene::default())).unwrap();
        let steps = 2200;
        let table = Table::new(&engine, steps).unwrap();
        assert!(table.grid.len() < steps / 4, "the grid is coarser than the steps");
        let exact = tabulate(&engine, steps).unwrap();
        let peak = exact.iter().flat_map(|t| t.moment.iter().map(|m| m.norm())).fold(0.0, f64::max);
        let (mut rot, mut omega, mut com, mut vel, mut moment) = (0.0f64, 0.0f64, 0.0f64, 0.0f64, 0.0f64);
        let mut sq_moment = 0.0;
        let mut track = Track::default();
        for (i, e) in exact.iter().enumerate() {
            table.at(i, &mut track);
            for s in 0..N_SEGMENTS {
                let err = crate::convert::log_rot(&(track.rot[s] * e.pose.rot[s].transpose()));
                rot = rot.max(err.norm().to_degrees());
                omega = omega.max((track.omega[s] - e.pose.omega[s]).norm());
                let m = (track.moment[s] - e.moment[s]).norm() / peak;
                moment = moment.max(m);
                sq_moment += m * m;
            }
            com = com.max((track.pelvis_com - e.pose.com[PELVIS]).norm());
            com = com.max((track.pelvis_origin - e.pose.origin[PELVIS]).norm());
            vel = vel.max((track.pelvis_com_vel - e.com_vel[PELVIS]).norm());
        }
        let rms_moment = (sq_moment / (steps * (N_SEGMENTS - 1)) as f64).sqrt();
        eprintln!(
            "grid {} instants: rotation {rot:.2e}°, ω {omega:.2e} rad/s, pelvis {com:.2e} m, \
             {vel:.2e} m/s, moment {:.3} % of peak (RMS {:.4} %)",
            table.grid.len(),
            100.0 * moment,
            100.0 * rms_moment
        );
        assert!(rot < 0.01, "rotation {rot}°");
        assert!(omega < 0.01, "angular velocity {omega} rad/s");
        assert!(com < 1e-5, "pelvis position {com} m");
        assert!(vel < 1e-3, "pelvis velocity {vel} m/s");
        // The largest moment errors (1.2 % of the peak, measured) sit within a grid interval of
        // heel strike and toe-off, where the smooth-transition share's slope jumps; elsewhere
        // they stay under 0.5 %.
        assert!(moment < 0.02, "moment {moment} of the peak");
        assert!(rms_moment < 0.001, "moment RMS {rms_moment} of the peak");
    }
}
