//! Rigid segments of the skeleton and how they hang together.

use nalgebra::{Matrix3, Vector3};

/// Segment indices. The order is the kinematic tree from the pelvis outward; `PARENT` gives it.
pub const PELVIS: usize = 0;
/// Lumbar vertebrae with their slice of trunk: `VERTEBRA[0]` is L5, `VERTEBRA[4]` is L1.
pub const VERTEBRA: [usize; 5] = [1, 2, 3, 4, 5];
pub const L5: usize = 1;
pub const L1: usize = 5;
/// Thorax with head and arms.
pub const THORAX: usize = 6;
pub const FEMUR: [usize; 2] = [7, 10];
pub const SHANK: [usize; 2] = [8, 11];
pub const FOOT: [usize; 2] = [9, 12];
pub const N_SEGMENTS: usize = 13;

/// Sides, used to index `[right, left]` arrays.
pub const RIGHT: usize = 0;
pub const LEFT: usize = 1;
/// Z of the right side is +1, of the left −1 (ISB: Z points right).
pub const SIDE_SIGN: [f64; 2] = [1.0, -1.0];

pub const SEGMENT_NAMES: [&str; N_SEGMENTS] = [
    "pelvis", "L5", "L4", "L3", "L2", "L1", "thorax", "femur_r", "shank_r", "foot_r", "femur_l", "shank_l",
    "foot_l",
];

/// Parent of each segment in the tree (`usize::MAX` for the floating pelvis).
pub const PARENT: [usize; N_SEGMENTS] = [usize::MAX, 0, 1, 2, 3, 4, 5, 0, 7, 8, 0, 10, 11];

/// Mass properties of one segment, in its own frame.
#[derive(Clone, Debug)]
pub struct Segment {
    pub name: &'static str,
    pub mass: f64,
    /// Centre of mass in the segment frame, m.
    pub com: Vector3<f64>,
    /// Inertia tensor about the centre of mass, in the segment frame, kg·m².
    pub inertia: Matrix3<f64>,
}

impl Segment {
    /// Adds a point mass rigidly (a backpack on the thorax): new mass, centre and inertia.
    pub fn add_point_mass(&mut self, mass: f64, at: Vector3<f64>) {
        if mass <= 0.0 {
            return;
        }
        let total = self.mass + mass;
        let com = (self.com * self.mass + at * mass) / total;
        let shift = |m: f64, r: Vector3<f64>| m * (Matrix3::identity() * r.dot(&r) - r * r.transpose());
        self.inertia = self.inertia + shift(self.mass, self.com - com) + shift(mass, at - com);
        self.mass = total;
        self.com = com;
    }

    /// Whether `seg` is `ancestor` or hangs below it in the tree.
    pub fn in_subtree(seg: usize, ancestor: usize) -> bool {
        let mut s = seg;
        loop {
            if s == ancestor {
                return true;
            }
            if s == PELVIS {
                return false;
            }
            s = PARENT[s];
        }
    }
}
