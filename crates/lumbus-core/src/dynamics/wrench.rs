//! Newton–Euler for each segment: the wrench it takes to move it as the pose says.

use crate::gait::Pose;
use crate::model::{GRAVITY, N_SEGMENTS, Segment};
use nalgebra::Vector3;

/// A force and a moment about a stated point (world frame).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Wrench {
    pub force: Vector3<f64>,
    pub moment: Vector3<f64>,
}

impl Wrench {
    /// The same wrench with its moment taken about `to` instead of `from`.
    pub fn shifted(&self, from: &Vector3<f64>, to: &Vector3<f64>) -> Wrench {
        Wrench { force: self.force, moment: self.moment + (from - to).cross(&self.force) }
    }
}

impl std::ops::Add for Wrench {
    type Output = Wrench;
    fn add(self, o: Wrench) -> Wrench {
        Wrench { force: self.force + o.force, moment: self.moment + o.moment }
    }
}

impl std::ops::Sub for Wrench {
    type Output = Wrench;
    fn sub(self, o: Wrench) -> Wrench {
        Wrench { force: self.force - o.force, moment: self.moment - o.moment }
    }
}

/// For each segment, the external wrench it needs beyond gravity — m(a − g) and the rate of
/// change of its angular momentum — with moments about the world origin.
pub fn segment_wrenches(segments: &[Segment], pose: &Pose, out: &mut [Wrench; N_SEGMENTS]) {
    let g = Vector3::new(0.0, -GRAVITY, 0.0);
    for (s, seg) in segments.iter().enumerate() {
        let f = (pose.com_acc[s] - g) * seg.mass;
        let r = pose.rot[s];
        let i_world = r * seg.inertia * r.transpose();
        let w = pose.omega[s];
        let dh = i_world * pose.alpha[s] + w.cross(&(i_world * w));
        out[s] = Wrench { force: f, moment: pose.com[s].cross(&f) + dh };
    }
}
