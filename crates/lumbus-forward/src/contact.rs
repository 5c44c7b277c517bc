//! Ground reaction read back from the contact solver: per foot, the force (normal and friction
//! impulses of the last step over dt), the centre of pressure (normal-impulse-weighted contact
//! points) and the free moment about the vertical; and heel-strike / toe-off events.

use crate::convert::*;
use lumbus_core::dynamics::FootLoad;
use nalgebra::Vector3;
use rapier3d_f64::prelude::*;

/// A foot counts as on the ground above this vertical force, N (assumption: the threshold force
/// plates commonly use for gait events, 20 N).
pub const EVENT_THRESHOLD_N: f64 = 20.0;
/// ... and only once the force has stayed across it this long, s (assumption: 20 ms, shorter
/// than any stance or swing, longer than a landing heel's bounce).
pub const EVENT_HOLD_S: f64 = 0.02;

/// The contact force on the foot collider `foot` from `ground` over the last step, with its
/// centre of pressure on the ground and the free moment about the vertical through it.
pub fn foot_load(physics: &PhysicsWorld, foot: ColliderHandle, ground: ColliderHandle) -> FootLoad {
    let dt = physics.integration_parameters.dt;
    let Some(pair) = physics.narrow_phase.contact_pair(foot, ground) else {
        return FootLoad::default();
    };
    // Force on collider 1 is −impulse · normal (the normal points out of collider 1).
    let sign = if pair.collider1 == foot { -1.0 } else { 1.0 };
    let c1 = &physics.colliders[pair.collider1];
    let pos1 = c1.position();
    let mut force = Vector3::zeros();
    let mut moment = Vector3::zeros();
    let mut weighted = Vector3::zeros();
    let mut normal_sum = 0.0;
    // The manifolds the solver used (with contact clustering on, not the raw ones).
    for m in pair.solver_manifolds() {
        let n = to_na(m.data.normal);
        for pt in m.contacts() {
            let fn_ = pt.data.impulse / dt;
            // Friction impulse on collider 1, world frame, as the solver wrote it back.
            let ft = to_na(pt.data.warmstart_tangent_world) / dt;
            let f = (n * fn_ * sign) + ft * (-sign);
            let p = to_na(*pos1 * pt.local_p1);
            force += f;
            moment += p.cross(&f);
            weighted += p * fn_;
            normal_sum += fn_;
        }
    }
    if normal_sum <= 0.0 {
        return FootLoad::default();
    }
    let mut cop = weighted / normal_sum;
    cop.y = 0.0;
    // What is left of the moment about the centre of pressure: its vertical part is the free
    // moment (the horizontal parts vanish when the contact points lie on the ground plane).
    let free = moment - cop.cross(&force);
    FootLoad { force, cop, free_moment: free.y }
}

/// A foot landing or lifting, from the contact force crossing the threshold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ContactEvent {
    pub time_s: f64,
    /// Fraction of the gait cycle (from the right heel strike of the plan).
    pub cycle_pct: f64,
    pub side: usize,
    /// True for a heel strike (force rises past the threshold), false for a toe-off.
    pub strike: bool,
}

/// A foot's ground reaction averaged over a window of steps: impulses summed, then divided by
/// the window's duration (what a force plate sampled at the frame rate would read). Newton's law
/// over the window holds exactly with the window's change of momentum.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadWindow {
    impulse: Vector3<f64>,
    /// Angular impulse about the world origin.
    angular: Vector3<f64>,
    duration: f64,
}

impl LoadWindow {
    pub fn add(&mut self, load: &FootLoad, dt: f64) {
        let w = load.wrench();
        self.impulse += w.force * dt;
        self.angular += w.moment * dt;
        self.duration += dt;
    }

    /// The mean load: force, the centre of pressure on the ground (y = 0) that gives the mean
    /// moment, and the free moment about the vertical.
    pub fn mean(&self) -> FootLoad {
        let f = self.impulse / self.duration;
        let m = self.angular / self.duration;
        if f.y <= 1e-9 {
            return FootLoad { force: f, ..FootLoad::default() };
        }
        // cop × F + T·ŷ = m with cop = (x, 0, z): x: −z·Fy, z: x·Fy, y: z·Fx − x·Fz + T.
        let (x, z) = (m.z / f.y, -m.x / f.y);
        FootLoad { force: f, cop: Vector3::new(x, 0.0, z), free_moment: m.y - (z * f.x - x * f.z) }
    }
}
