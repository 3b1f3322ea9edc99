//! The column: its state and the adaptive time stepping that advances it over a forcing interval.
//!
//! Each accepted step solves water flow (Newton or Picard, `flow`), then moves salt with the
//! step's fluxes (`transport`), then books every boundary flux. On the fast path a step under
//! the same forcing as the one before is second order in time (variable-step BDF2, [`Bdf2`]);
//! the first step after a change of forcing, and every step of the other paths, is backward
//! Euler.
//!
//! The time step grows after easy steps and shrinks after hard ones (iteration counts, as in
//! HYDRUS-1D), is also limited by the change of water content per step (so that fronts are
//! resolved in time), and a step whose iteration fails is retried with a third of the step (a
//! tenth on the fast path). A step below `MIN_DT_D` is a failure, reported with the time, the
//! depth and the cause.

use super::bdf2::{Bdf2, BDF3_MAX_RATIO};
use super::flow::{
    bottom_outflow, iterate_copy, BottomCondition, FixedSurface, FlowScratch, IterateUptake,
    StepInput, SurfaceSwitch, Tolerances, TopCondition,
};
use super::grid::{max_spacing_cm, Grid};
use super::nodes::NodeSoils;
use super::pond::{PondSalt, PondStep};
use super::simd::lane_mask;
use super::transport::{transport_step_copy, TransportScratch, WaterFlow};
use super::uptake::{interpolate, root_weights, salt_alpha, FeddesLines};
use super::{
    Accuracy, BottomKind, ColumnSpec, Fluxes, Forcing, InitialSalt, InitialWater, PlantSpec,
    Profile, SaltStress, SaltStressBasis, SolverFailure, SolverStats, SpecError, TopBoundary,
    TransportSpec,
};
use crate::soil::HydraulicFunctions;

/// Smallest time step before a run is declared failed (d).
pub const MIN_DT_D: f64 = 1e-8;
/// Most time steps one day of simulated time may take. A column that needs more (steps near
/// 1e-6 d for a whole day: a nearly impermeable, very steep soil under ponding) is not going to
/// finish in useful time; it stops with a [`SolverFailure`] instead of running for hours. Normal
/// runs take tens to hundreds of steps a day, a hard wetting front on clay about 1e5.
pub const MAX_STEPS_PER_DAY: u64 = 400_000;
/// Largest time step (d).
pub const MAX_DT_D: f64 = 0.5;
/// Largest time step of the fast path (d), whose steps are second order (BDF2) except the
/// first after a change of forcing ([`FAST_FIRST_AFTER_CHANGE_MAX_DT_D`]): a quiet day takes a
/// backward-Euler step of 1/3 d and a BDF2 step of 2/3 d (step ratio 2, inside BDF2's zero
/// stability bound 1 + sqrt 2). With the step rules below, the benchmark year's fluxes are
/// within 0.3 % of a run converged in time (steps of at most 0.01 d, water-content change of
/// at most 0.001 a step), its water contents within 1.3e-3 and its salt per depth band within
/// 0.7 % (`tests/time_convergence.rs`). With 0.5 d on the first step too, capillary rise is
/// 1.9 % off and water content 2.3e-3 (docs/performance.md).
pub const FAST_MAX_DT_D: f64 = 2.0 / 3.0;
/// Largest first step of the fast path after a change of forcing (d): a backward-Euler step
/// across the kink of the daily forcing, first order, so it is kept shorter than the
/// second-order step that follows it.
pub const FAST_FIRST_AFTER_CHANGE_MAX_DT_D: f64 = 1.0 / 3.0;
/// Largest change of the surface cell's water content in one fast-path step while an
/// atmospheric surface evaporates under a flux condition with no rain or irrigation. It takes
/// the place of the fifth round's cap of 0.25 d on such steps, together with third-order steps
/// (`Bdf2::third`) while the surface dries at the potential rate: the drying time of the
/// sub-mm surface cell, which sets when evaporation turns soil-limited, is what the cap
/// protected, and the cell's own change is the direct measure of it. With both, the HYDRUS
/// salt-over-water-table problem's evaporation is 0.05 % from the run converged in time (0.33 %
/// with the cap), the benchmark year takes 1 075 steps instead of 1 306, and its fluxes stay
/// within 0.3 % of converged (docs/performance.md, "What 5 ms costs, and what was taken").
/// Either part alone does not hold the water-table problem's evaporation within 0.5 %.
pub const FAST_SURFACE_TARGET_DTHETA: f64 = 0.03;
/// Rate of rise of ln(surface suction) (1/d) over the last step above which an evaporating
/// surface is drying (third-order steps, `Bdf2::third`): a fifth a day. On the HYDRUS
/// salt-over-water-table problem any rate from 0 to 0.4 a day gives the same evaporation
/// (0.35 % under converged; 0.8 a day: 0.82 %, the drying days at the potential rate run at 0.4
/// to 1.2 a day); the benchmark year's winter days, at a nearly steady surface suction, are
/// left out (1 399 steps at 0, 1 306 at a fifth, 1 177 at 0.4).
pub const FAST_DRYING_SUCTION_RATE_PER_D: f64 = 0.2;
/// Longest first step of the fast path when rain or irrigation starts or grows (d). The
/// water-content control does not see what the first hours of a rain do to the salt a dry
/// surface has gathered: with the step of the day before, the salt in the top 10 cm at the end
/// of a 0.6 cm rain was 0.9 % below that of the run converged in time, with this first step
/// 0.01 % (`tests/time_convergence.rs`, 270th day).
pub const FAST_SUPPLY_FIRST_DT_D: f64 = 0.05;
/// Longest first step of the fast path when rain or irrigation starts or grows beyond the
/// surface soil's saturated conductivity (d). Infiltration under a saturated surface falls fast
/// from its first value (as t^-1/2 at first), which the water-content control does not see (the
/// surface node stays saturated); started at the step of the day before, 60 days of rain on a
/// dry clay that cannot take it all (runoff without a pond) infiltrated 0.75 % more than the
/// run converged in time, and with this first step 0.05 % less
/// (`crates/cli/tests/time_convergence_runoff.rs`; 0.48 % less with the step rules of 26 Nov
/// 2026, second session). Also the longest step after the one in which the surface saturates
/// under a rain it took until then: infiltration falls as t^-1/2 from there too; without that
/// restart that problem's infiltration was 0.49-0.51 % under the converged run's, with it
/// 0.44 % (third session).
pub const FAST_WETTING_FIRST_DT_D: f64 = 0.01;
/// Largest time step of [`Accuracy::Converged`] (d).
pub const CONVERGED_MAX_DT_D: f64 = 0.01;
/// Target largest change of water content in one step of [`Accuracy::Converged`].
const CONVERGED_TARGET_DTHETA: f64 = 0.001;
/// First time step of a run (d).
pub const INITIAL_DT_D: f64 = 1e-4;
/// Target largest change of water content in one step.
const TARGET_DTHETA: f64 = 0.02;
/// Target largest change of water content in one step on the fast path, where it is the only
/// control of the time-discretisation error (of the second-order steps mostly; 0.005 before
/// the first steps of rains were shortened, [`FAST_SUPPLY_FIRST_DT_D`]).
const FAST_TARGET_DTHETA: f64 = 0.02;

/// Iteration tolerance of the fast path on the change of water content (HYDRUS-1D's default
/// is 1e-3, the other paths' 1e-5).
const FAST_THETA_TOLERANCE: f64 = 1e-4;

/// Shortest length of soil (cm) over which the fast path's step control measures a change of
/// water content: the sub-mm cells at the surface hold little water, and a front crossing them
/// moves little, so their change is taken over 1 cm (the benchmark year's fluxes move by under
/// 0.3 % and stay as close to a run converged in time; 16 % fewer steps). Never more than the
/// spacing the user asked for ([`control_length_cm`]).
const FAST_CONTROL_LENGTH_CM: f64 = 1.0;

/// The fast path's control length (cm) for a column of `depth_cm` asked for with `min_nodes`
/// nodes: [`FAST_CONTROL_LENGTH_CM`], or the spacing asked for if finer, so that asking for a
/// finer grid never makes the time stepping coarser (with 961 nodes on a ponded layered soil,
/// a fixed 1 cm took 320 steps instead of 783 and moved drainage by 6 %,
/// docs/hydrus-comparison.md).
fn control_length_cm(depth_cm: f64, min_nodes: usize) -> f64 {
    FAST_CONTROL_LENGTH_CM.min(depth_cm / (min_nodes.max(2) - 1) as f64)
}

/// A soil column with its state.
#[derive(Clone, Debug)]
pub struct Column {
    accuracy: Accuracy,
    grid: Grid,
    soils: NodeSoils,
    dispersivity_cm: Vec<f64>,
    top: TopBoundary,
    bottom_kind: BottomKind,
    bottom_salt_g_l: f64,
    transport: TransportSpec,
    plant: Option<PlantSpec>,
    tds_g_l_per_ds_m: f64,
    tol: Tolerances,
    time_d: f64,
    dt_d: f64,
    h: Vec<f64>,
    w: Vec<f64>,
    c: Vec<f64>,
    top_mode: TopCondition,
    stats: SolverStats,
    scratch: FlowScratch,
    tscratch: TransportScratch,
    h_new: Vec<f64>,
    w_new: Vec<f64>,
    theta_new: Vec<f64>,
    /// Water content of the soil at each node in the current state (no pond).
    theta_now: Vec<f64>,
    /// Saturated and residual water content of each node's control volume.
    theta_s_node: Vec<f64>,
    theta_r_node: Vec<f64>,
    /// Rooting depth (cm) the root weights in `roots` are for (NaN before the first).
    roots_depth_cm: f64,
    /// Uptake per node (cm/d) at the start of a step, for the iteration.
    sink: Vec<f64>,
    /// Uptake per node without water stress (cm/d): roots, demand and salinity stress.
    unstressed: Vec<f64>,
    roots: Vec<f64>,
    /// Nodes from the surface to the deepest with a root weight other than 0 (the others take
    /// no water), set with `roots`.
    root_nodes: usize,
    /// Nodes from the surface that the last uptake filled in `sink` and `unstressed` (those
    /// below hold +0).
    uptake_filled: usize,
    /// Heads before the last accepted step, its length (d) and the forcing it had (for the
    /// predictor of `try_step` and the second-order steps).
    h_before: Vec<f64>,
    dt_last_d: f64,
    last_forcing: Option<ForcingKey>,
    h_guess: Vec<f64>,
    /// The last accepted step's fluxes as booked (cm/d): element fluxes, sink per node, surface
    /// and bottom; the second-order steps ([`Bdf2`]) blend them with the new step's.
    booked: BookedRates,
    /// The rates booked by the step before the last (cm/d), for a third-order step
    /// ([`Bdf2::third`]), and whether they are that step's: kept only by steps of order two or
    /// more while the surface dries at the potential rate, where third-order steps are taken.
    booked_prev: BookedRates,
    booked_prev_valid: bool,
    /// Length of the step before the last (d) and the order of the last step's formula (1
    /// backward Euler, 2 BDF2, 3 BDF3).
    dt_last2_d: f64,
    last_order: u8,
    /// The last step's change of the surface cell's soil water content (no pond).
    surface_dtheta: f64,
    /// Storage each node would start a BDF2 step from (cm), see [`Bdf2`].
    w_start: Vec<f64>,
    /// Salt in the water ponded on an atmospheric surface.
    pond_salt: PondSalt,
    /// Whether the last step's surface went from taking all the rain or irrigation to a head
    /// condition (saturated, ponding or running off); the next step is then at most
    /// [`FAST_WETTING_FIRST_DT_D`] (fast path).
    surface_saturated_in_last_step: bool,
    /// Whether the surface condition switched between a flux and a head during the last step
    /// (drying to h_crit, saturating, a pond emptying): the solution has a kink in time there,
    /// and the next step restarts with backward Euler (see [`Self::second_order_possible`]).
    surface_switched_in_last_step: bool,
}

/// The fluxes of one accepted step as booked (cm/d, downward positive).
#[derive(Clone, Debug)]
struct BookedRates {
    q_elem: Vec<f64>,
    sink: Vec<f64>,
    q_top: f64,
    q_bottom: f64,
}

impl BookedRates {
    /// Node `i`'s net inflow (cm/d): what came in from above (the surface flux at the top), less
    /// what left below (the bottom flux at the bottom) and its uptake.
    #[inline(always)]
    fn net_inflow(&self, i: usize) -> f64 {
        let n = self.sink.len();
        let q_in = if i == 0 {
            self.q_top
        } else {
            self.q_elem[i - 1]
        };
        let q_out = if i + 1 == n {
            self.q_bottom
        } else {
            self.q_elem[i]
        };
        q_in - q_out - self.sink[i]
    }
}

/// The atmospheric surface: flux while the soil can take the supply and meet the demand, head
/// at `h_crit` when it dries out, head at the ponding limit when water stands too deep
/// (HYDRUS-1D manual, section 2.5; Neuman et al. 1974).
struct AtmosphericSurface {
    q_pot: f64,
    h_crit: f64,
    h_pond_max: f64,
}

impl SurfaceSwitch for AtmosphericSurface {
    fn check(&mut self, current: TopCondition, h0: f64, q_top: f64) -> Option<TopCondition> {
        let tol = 1e-10 * (1.0 + self.q_pot.abs());
        match current {
            TopCondition::Flux(_) => {
                if h0 < self.h_crit {
                    Some(TopCondition::Head(self.h_crit))
                } else if h0 > self.h_pond_max {
                    Some(TopCondition::Head(self.h_pond_max))
                } else {
                    None
                }
            }
            TopCondition::Head(h) if h == self.h_crit => {
                // Dry surface: valid while the soil delivers less than the demand.
                (self.q_pot >= 0.0 || q_top < self.q_pot - tol)
                    .then_some(TopCondition::Flux(self.q_pot))
            }
            TopCondition::Head(_) => {
                // Ponded at its limit: valid while the soil takes less than the supply.
                (self.q_pot <= 0.0 || q_top > self.q_pot + tol)
                    .then_some(TopCondition::Flux(self.q_pot))
            }
        }
    }
}

impl Column {
    /// Builds the grid and the initial state from a validated spec, on the fast path.
    pub fn new(spec: &ColumnSpec) -> Result<Column, SpecError> {
        Self::with_accuracy(spec, Accuracy::default())
    }

    /// Builds the grid and the initial state from a validated spec, with the chosen
    /// [`Accuracy`] (the reference path is slower and gives the same answers to the stated
    /// tolerances).
    pub fn with_accuracy(spec: &ColumnSpec, accuracy: Accuracy) -> Result<Column, SpecError> {
        check_spec(spec)?;
        let bottoms: Vec<f64> = spec.layers.iter().map(|l| l.bottom_cm).collect();
        let least_dispersivity = spec
            .layers
            .iter()
            .map(|l| l.dispersivity_cm)
            .fold(f64::INFINITY, f64::min);
        let grid = Grid::graded_to(
            spec.depth_cm,
            &bottoms,
            spec.min_nodes,
            max_spacing_cm(least_dispersivity),
        );
        let soils = NodeSoils::with_tables(
            &grid,
            spec.layers.iter().map(|l| l.hydraulics.clone()).collect(),
            accuracy.fast_machinery(),
        );
        let n = grid.len();
        let h = initial_heads(spec, &grid, &soils)?;
        let w: Vec<f64> = (0..n).map(|i| soils.storage_cm(i, h[i])).collect();
        let c = initial_salt(spec, &grid, &soils, &h);
        let top_mode = match spec.top {
            TopBoundary::ConstantHead { head_cm, .. } => TopCondition::Head(head_cm),
            TopBoundary::Flux { flux_cm_d, .. } => TopCondition::Flux(flux_cm_d),
            TopBoundary::Atmospheric { .. } => TopCondition::Flux(0.0),
        };
        Ok(Column {
            accuracy,
            dispersivity_cm: spec.layers.iter().map(|l| l.dispersivity_cm).collect(),
            top: spec.top.clone(),
            bottom_kind: spec.bottom.kind.clone(),
            bottom_salt_g_l: spec.bottom.salt_g_l,
            transport: spec.transport.clone(),
            plant: spec.plant.clone(),
            tds_g_l_per_ds_m: spec.tds_g_l_per_ds_m,
            tol: match accuracy {
                // The sub-mm surface cells converge to 1e-5 cm of water: 7 % fewer iterations,
                // the benchmark year's fluxes unchanged to 0.002 %.
                Accuracy::Fast => Tolerances {
                    theta_length_cm: control_length_cm(spec.depth_cm, spec.min_nodes),
                    theta: FAST_THETA_TOLERANCE,
                    ..Tolerances::default()
                },
                Accuracy::Reference | Accuracy::Converged => Tolerances::default(),
            },
            time_d: 0.0,
            dt_d: INITIAL_DT_D,
            top_mode,
            stats: SolverStats::default(),
            scratch: FlowScratch::new(n),
            tscratch: TransportScratch::new(n),
            h_new: vec![0.0; n],
            w_new: vec![0.0; n],
            theta_new: vec![0.0; n],
            theta_now: (0..n).map(|i| soils.theta(i, h[i])).collect(),
            theta_s_node: (0..n).map(|i| soils.theta_s(i)).collect(),
            theta_r_node: (0..n).map(|i| soils.theta_r(i)).collect(),
            roots_depth_cm: f64::NAN,
            sink: vec![0.0; n],
            unstressed: vec![0.0; n],
            h_before: vec![0.0; n],
            dt_last_d: 0.0,
            last_forcing: None,
            h_guess: vec![0.0; n],
            booked: BookedRates {
                q_elem: vec![0.0; n - 1],
                sink: vec![0.0; n],
                q_top: 0.0,
                q_bottom: 0.0,
            },
            booked_prev: BookedRates {
                q_elem: vec![0.0; n - 1],
                sink: vec![0.0; n],
                q_top: 0.0,
                q_bottom: 0.0,
            },
            booked_prev_valid: false,
            dt_last2_d: 0.0,
            last_order: 0,
            surface_dtheta: 0.0,
            w_start: vec![0.0; n],
            surface_saturated_in_last_step: false,
            surface_switched_in_last_step: false,
            pond_salt: PondSalt {
                mg_cm2: h[0].max(0.0) * c[0],
            },
            roots: vec![0.0; n],
            root_nodes: 0,
            uptake_filled: 0,
            grid,
            soils,
            h,
            w,
            c,
        })
    }

    /// Advances the column by `dt_d` days under constant `forcing`, with as many internal steps
    /// as accuracy needs. Returns the interval's water and salt amounts.
    pub fn advance(&mut self, dt_d: f64, forcing: &Forcing) -> Result<Fluxes, SolverFailure> {
        let t_end = self.time_d + dt_d;
        let mut total = Fluxes::default();
        let step_budget = (MAX_STEPS_PER_DAY as f64 * dt_d.max(1.0)).ceil() as u64;
        let mut steps_here: u64 = 0;
        let mut last_trouble_node = 0usize;
        while self.time_d < t_end - 1e-12 * t_end.max(1.0) {
            steps_here += 1;
            if steps_here > step_budget {
                return Err(SolverFailure {
                    time_d: self.time_d,
                    depth_cm: self.grid.z_cm[last_trouble_node],
                    cause: format!(
                        "more than {step_budget} time steps for {dt_d} d of forcing (time step \
                         now {:.1e} d): the problem is too stiff for the Picard iteration here{}",
                        self.dt_d,
                        if self.accuracy == Accuracy::Reference {
                            " (the default accuracy, \"fast\", iterates with Newton's method \
                             and runs ponding on dry fine soils that the reference path cannot)"
                        } else {
                            ""
                        }
                    ),
                });
            }
            let remaining = t_end - self.time_d;
            let second_order = self.second_order_possible(forcing);
            let cap = if second_order {
                self.max_dt_d().min(2.0 * self.dt_last_d)
            } else if self.accuracy == Accuracy::Fast {
                self.max_dt_d().min(FAST_FIRST_AFTER_CHANGE_MAX_DT_D)
            } else {
                self.max_dt_d()
            };
            // The fast path's drying surface is held by its surface cell's own change
            // (FAST_SURFACE_TARGET_DTHETA, below) and third-order steps instead of a cap.
            let drying = self.drying_at_potential(forcing);
            let mut dt = self.dt_d.min(cap);
            if self.accuracy == Accuracy::Fast {
                if let Some(first) = self.supply_first_step_d(forcing) {
                    dt = dt.min(first);
                }
            }
            if dt * 1.5 >= remaining {
                // The fast path never exceeds its cap: the last stretch is taken in one step
                // if it fits, else in two.
                // (A rounding error's worth over the cap is not worth a second step.)
                dt = if self.accuracy == Accuracy::Fast && remaining > cap * (1.0 + 1e-12) {
                    0.5 * remaining
                } else {
                    remaining
                };
            }
            let scheme = if !second_order {
                Bdf2::EULER
            } else if drying
                && self.booked_prev_valid
                && self.last_order >= 2
                && dt <= BDF3_MAX_RATIO * self.dt_last_d
                && self.dt_last_d <= BDF3_MAX_RATIO * self.dt_last2_d
            {
                Bdf2::third(dt, self.dt_last_d, self.dt_last2_d)
            } else {
                Bdf2::after(dt, self.dt_last_d)
            };
            match self.try_step(dt, forcing, scheme) {
                Ok((fluxes, iterations, max_dtheta)) => {
                    total.accumulate(&fluxes);
                    self.time_d += dt;
                    self.stats.time_steps += 1;
                    self.stats.iterations += u64::from(iterations);
                    let mut factor = self.step_factor(iterations, max_dtheta);
                    if self.accuracy == Accuracy::Fast
                        && forcing.precip_cm_d + forcing.irrigation_cm_d == 0.0
                        && matches!(self.top, TopBoundary::Atmospheric { .. })
                        && matches!(self.top_mode, TopCondition::Flux(q) if q < 0.0)
                        && self.surface_dtheta > 0.0
                    {
                        factor = factor.min(FAST_SURFACE_TARGET_DTHETA / self.surface_dtheta);
                    }
                    if self.surface_saturated_in_last_step {
                        // Infiltration falls as t^-1/2 from the time the surface saturates,
                        // as from the start of a rain above Ks (FAST_WETTING_FIRST_DT_D).
                        factor = factor.min(FAST_WETTING_FIRST_DT_D / dt);
                    }
                    // A short final step of an interval says nothing about the step size the
                    // solution allows: keep the previous one.
                    let base = if dt < self.dt_d {
                        self.dt_d.max(dt)
                    } else {
                        dt
                    };
                    self.dt_d = (base * factor).clamp(MIN_DT_D, self.max_dt_d());
                }
                Err(fail) => {
                    last_trouble_node = fail.1;
                    self.stats.rejected_steps += 1;
                    self.stats.iterations += u64::from(fail.0);
                    // Fast path: a failed step is nearly always a wetting front entering dry soil,
                    // which needs a step one or two orders smaller; a tenth reaches it with
                    // fewer wasted iterations than a third.
                    self.dt_d = match self.accuracy {
                        Accuracy::Reference => dt / 3.0,
                        Accuracy::Fast | Accuracy::Converged => dt / 10.0,
                    };
                    if self.dt_d < MIN_DT_D {
                        return Err(SolverFailure {
                            time_d: self.time_d,
                            depth_cm: self.grid.z_cm[fail.1],
                            cause: format!("{} with the smallest time step ({:.1e} d)", fail.2, dt),
                        });
                    }
                }
            }
        }
        self.time_d = t_end;
        Ok(total)
    }

    /// Whether the next step may be a second-order one ([`Bdf2`]): on the fast path, after an
    /// accepted step under the same forcing whose surface condition did not switch. A change
    /// of forcing, and a switch of the surface between a flux and a head condition, are kinks
    /// in time that a two-step formula would smear across (its history term carries the rate
    /// from before the kink into the step after it); backward Euler restarts there, as a
    /// multistep code restarts at a discontinuity of its right-hand side (Gear & Osterby 1984,
    /// ACM Trans. Math. Softw. 10, 23-44). Restarting after a switch took the dry-clay runoff
    /// problem's infiltration from 0.46 % to 0.12 % under the run converged in time
    /// (`crates/cli/tests/time_convergence_runoff.rs`) and the salt-over-water-table problem's
    /// evaporation from 0.37 % to 0.33 % under it (docs/performance.md, seventh round).
    fn second_order_possible(&self, forcing: &Forcing) -> bool {
        self.accuracy == Accuracy::Fast
            && self.dt_last_d > 0.0
            && self.last_forcing == Some(ForcingKey::of(forcing))
            && !self.surface_switched_in_last_step
    }

    /// Whether the fast path's next step under `forcing` has its surface drying at the potential
    /// rate of evaporation: an atmospheric surface under a flux condition (not dried to h_crit)
    /// losing water, with no rain or irrigation, whose suction rose faster than
    /// [`FAST_DRYING_SUCTION_RATE_PER_D`] over the last step (third-order steps there).
    fn drying_at_potential(&self, forcing: &Forcing) -> bool {
        let (h_now, h_before) = (self.h[0], self.h_before[0]);
        self.accuracy == Accuracy::Fast
            && matches!(self.top, TopBoundary::Atmospheric { .. })
            && matches!(self.top_mode, TopCondition::Flux(q) if q < 0.0)
            && forcing.precip_cm_d + forcing.irrigation_cm_d == 0.0
            && h_now < 0.0
            && h_before < 0.0
            && (h_now / h_before).ln() > FAST_DRYING_SUCTION_RATE_PER_D * self.dt_last_d
    }

    /// The longest first step (d) under `forcing` if it brings more rain and irrigation than
    /// the last step had: [`FAST_WETTING_FIRST_DT_D`] beyond the surface soil's saturated
    /// conductivity (where the surface saturates at once), [`FAST_SUPPLY_FIRST_DT_D`] below.
    fn supply_first_step_d(&self, forcing: &Forcing) -> Option<f64> {
        let last = self.last_forcing.map_or(0.0, |k| k.supply_cm_d());
        let supply = forcing.precip_cm_d + forcing.irrigation_cm_d;
        if supply <= last {
            return None;
        }
        let surface_ks = self
            .soils
            .layer_conductivity(self.grid.element_layer[0], 0.0);
        Some(if supply > surface_ks {
            FAST_WETTING_FIRST_DT_D
        } else {
            FAST_SUPPLY_FIRST_DT_D
        })
    }

    /// Largest time step (d) of this column's accuracy.
    fn max_dt_d(&self) -> f64 {
        match self.accuracy {
            Accuracy::Reference => MAX_DT_D,
            Accuracy::Fast => FAST_MAX_DT_D,
            Accuracy::Converged => CONVERGED_MAX_DT_D,
        }
    }

    /// Factor on the next time step after an accepted step with `iterations` Picard iterations
    /// and a largest water-content change `max_dtheta`.
    ///
    /// Reference path: HYDRUS-1D's rule (Simunek et al. 2008, manual section 5.3.5): x1.3 after
    /// at most 3 iterations, x0.7 after 7 or more, otherwise unchanged, and never more than the
    /// water-content target allows. With this solver's tight tolerance a step takes 4
    /// iterations even when nothing happens, so the step never grew after a rain day.
    /// Fast path: the water-content change per step is the accuracy control (it is what limits
    /// the time-discretisation error of the mass-conservative scheme, Celia et al. 1990), so the
    /// step grows by up to x2 while iterations stay few and the change stays under the target.
    fn step_factor(&self, iterations: u32, max_dtheta: f64) -> f64 {
        let by_iterations: f64 = match self.accuracy {
            Accuracy::Reference => {
                if iterations <= 3 {
                    1.3
                } else if iterations >= 7 {
                    0.7
                } else {
                    1.0
                }
            }
            Accuracy::Fast | Accuracy::Converged => {
                if iterations <= 5 {
                    2.0
                } else if iterations >= 8 {
                    0.7
                } else {
                    1.0
                }
            }
        };
        let target = match self.accuracy {
            Accuracy::Reference => TARGET_DTHETA,
            Accuracy::Fast => FAST_TARGET_DTHETA,
            Accuracy::Converged => CONVERGED_TARGET_DTHETA,
        };
        let by_change = if max_dtheta > 0.0 {
            target / max_dtheta
        } else {
            f64::INFINITY
        };
        let upper = match self.accuracy {
            Accuracy::Reference => 1.3,
            Accuracy::Fast | Accuracy::Converged => 2.0,
        };
        by_iterations.min(by_change).clamp(0.3, upper)
    }

    /// One step of length `dt`; on success the state is updated and the step's fluxes, iteration
    /// count and largest water-content change are returned. On a processor with AVX2 and FMA the
    /// step's own loops (uptake, predictor, BDF2 start and blend, fluxes, booking) run in a copy
    /// compiled for them, with the same results to the bit (see `column::simd`).
    fn try_step(
        &mut self,
        dt: f64,
        forcing: &Forcing,
        scheme: Bdf2,
    ) -> Result<(Fluxes, u32, f64), (u32, usize, String)> {
        #[cfg(target_arch = "x86_64")]
        if super::simd::avx2_fma() {
            // SAFETY: the processor has AVX2 and FMA (checked at run time just above), the only
            // requirement of calling a function compiled with those target features.
            return unsafe { self.try_step_avx2(dt, forcing, scheme) };
        }
        self.try_step_body::<false>(dt, forcing, scheme)
    }

    /// [`Self::try_step`] compiled for AVX2 and FMA; call only on a processor that has them.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    fn try_step_avx2(
        &mut self,
        dt: f64,
        forcing: &Forcing,
        scheme: Bdf2,
    ) -> Result<(Fluxes, u32, f64), (u32, usize, String)> {
        self.try_step_body::<true>(dt, forcing, scheme)
    }

    /// The body of [`Self::try_step`], inlined into its plain and (`AVX2`) its AVX2 copy, which
    /// calls the AVX2 copies of the iteration and of the transport step directly.
    #[inline(always)]
    fn try_step_body<const AVX2: bool>(
        &mut self,
        dt: f64,
        forcing: &Forcing,
        scheme: Bdf2,
    ) -> Result<(Fluxes, u32, f64), (u32, usize, String)> {
        let n = self.grid.len();
        // Rates of this step's predecessor kept for a third-order step after it.
        let keep_history = scheme.beta > 0.0 && self.drying_at_potential(forcing);
        // The shifted start of a BDF2 step and the check that it is safe in one pass (node i's
        // last storage change is its net inflow over the last step); a backward-Euler step
        // starts from the storage itself, which it reads where it is (no copy).
        let scheme = if scheme.beta > 0.0 && self.shifted_start_if_safe(scheme) {
            scheme
        } else {
            Bdf2::EULER
        };
        // The step is solved as backward Euler of length alpha dt from the shifted storage.
        let dt_solve = scheme.alpha * dt;
        self.compute_uptake(forcing);
        let bottom = match self.bottom_kind {
            BottomKind::FreeDrainage => BottomCondition::FreeDrainage,
            BottomKind::ZeroFlux => BottomCondition::ZeroFlux,
            BottomKind::ConstantHead { head_cm } => BottomCondition::Head(head_cm),
            BottomKind::WaterTable { depth_cm } => {
                BottomCondition::Head(self.grid.z_cm[n - 1] - depth_cm)
            }
        };
        let supply = forcing.precip_cm_d + forcing.irrigation_cm_d;
        let q_pot = supply - forcing.pot_evap_cm_d;
        let (start_top, mut atmospheric) = match self.top {
            TopBoundary::Atmospheric {
                h_crit_cm,
                max_ponding_cm,
            } => {
                // Keep a head condition from the last step if it still applies; else start from
                // the potential flux.
                let start = match self.top_mode {
                    TopCondition::Head(h)
                        if (h == h_crit_cm && q_pot < 0.0) || (h != h_crit_cm && q_pot > 0.0) =>
                    {
                        TopCondition::Head(h)
                    }
                    _ => TopCondition::Flux(q_pot),
                };
                (
                    start,
                    Some(AtmosphericSurface {
                        q_pot,
                        h_crit: h_crit_cm,
                        h_pond_max: max_ponding_cm,
                    }),
                )
            }
            _ => (self.top_mode, None),
        };
        // Fast path: under the same water supply as the last step, the iteration starts from
        // the heads extrapolated linearly from the last step (a predictor); not when rain or
        // irrigation starts, stops or changes, not at nodes wetter than -1 cm, and never
        // changing a suction by more than a factor 2 (an unbounded predictor started rain on
        // dry loamy sand where no time step converged). It saves a fifth of the iterations and
        // changes no result beyond the tolerances of the iteration.
        let use_predictor = self.accuracy.fast_machinery()
            && self
                .last_forcing
                .is_some_and(|k| k.same_supply(&ForcingKey::of(forcing)))
            && self.dt_last_d > 0.0;
        if use_predictor {
            let r = dt / self.dt_last_d;
            predict_heads(&self.h[..n], &self.h_before[..n], r, &mut self.h_guess[..n]);
        }
        let guess: Option<&[f64]> = use_predictor.then_some(&self.h_guess[..]);
        let mut input = StepInput {
            grid: &self.grid,
            soils: &self.soils,
            h_old: &self.h,
            h_guess: guess,
            w_old: if scheme.beta > 0.0 {
                &self.w_start
            } else {
                &self.w
            },
            sink_cm_d: &self.sink,
            uptake: match (&self.plant, self.accuracy) {
                (Some(plant), accuracy)
                    if accuracy.fast_machinery() && forcing.pot_transp_cm_d > 0.0 =>
                {
                    Some(IterateUptake {
                        unstressed_cm_d: &self.unstressed,
                        feddes: &plant.feddes,
                        tp_cm_d: forcing.pot_transp_cm_d,
                    })
                }
                _ => None,
            },
            dt_d: dt_solve,
            bottom,
            tol: self.tol,
            relax_on_stall: self.accuracy.fast_machinery(),
            newton: self.accuracy.fast_machinery(),
            limit_dry_updates: self.accuracy.fast_machinery(),
            accept_by_contraction: self.accuracy == Accuracy::Fast,
        };
        let mut run = |input: &StepInput<'_>| match atmospheric.as_mut() {
            Some(a) => {
                iterate_copy::<AVX2>(input, start_top, a, &mut self.h_new, &mut self.scratch)
            }
            None => iterate_copy::<AVX2>(
                input,
                start_top,
                &mut FixedSurface,
                &mut self.h_new,
                &mut self.scratch,
            ),
        };
        let mut result = run(&input);
        if let Err(newton_failure) = &result {
            // Newton converges fast near the solution but its Jacobian can lose diagonal
            // dominance where a front meets very dry soil; modified Picard, slower but robust
            // there, gets the same step before the step is cut.
            if input.newton {
                let spent = newton_failure.iterations;
                input.newton = false;
                result = run(&input).map_err(|mut e| {
                    e.iterations += spent;
                    e
                });
                if let Ok(c) = result.as_mut() {
                    c.iterations += spent;
                }
            }
        }
        let converged = result.map_err(|e| (e.iterations, e.worst_node, e.cause))?;
        if keep_history {
            self.keep_booked_history(scheme, dt);
        }
        // The surface's and the bottom's rates below read the storage the step started from.
        let w_start = if scheme.beta > 0.0 {
            &self.w_start[..n]
        } else {
            &self.w[..n]
        };
        let last = n - 1;
        // Fluxes and uptake consistent with the solved system, booked as the blend of the new
        // rates with the last step's (backward Euler: the new ones), so that each node's storage
        // change over dt equals dt times its booked fluxes: computed, blended and stored in the
        // booked arrays in one pass each. The surface's and the bottom's balances take the
        // unblended rates at the ends, computed again by the same operations (the same bits).
        let (q_first, q_end) = book_element_fluxes(
            &self.grid.inv_dz_cm,
            &self.h_new,
            &self.scratch,
            scheme,
            &mut self.booked.q_elem,
        );
        let (sink_first, sink_end) =
            book_sink(&self.h_new, &self.scratch, scheme, &mut self.booked.sink);
        let mut max_dtheta: f64 = 0.0;
        // The fast path's control length (0 on the other paths), see `control_length_cm`.
        let control_cm = self.tol.theta_length_cm;
        // The iteration left the storage at the accepted heads in its scratch arrays, and on
        // the fast path the storage booked for them (the solved system's, see flow.rs), which
        // the iteration writes afresh before it reads it: taken over by exchanging arrays.
        if converged.linearised_storage {
            std::mem::swap(&mut self.w_new, &mut self.scratch.w_linearised);
        } else {
            self.w_new.copy_from_slice(&self.scratch.w_iter);
        }
        // The step control watches the soil's water content; ponded water is not part of it
        // (divided by the surface cell's sub-mm volume, a draining pond would hold the step to
        // 1e-5 d).
        let (pond, pond_old) = (self.h_new[0].max(0.0), self.h[0].max(0.0));
        let inv_control = 1.0 / control_cm;
        // The surface node without its pond, then the others in a loop without branches that
        // is vectorised (the minimum and maximum as selects, which pass over a NaN as
        // `f64::min` and `f64::max` do).
        let inv_volume = &self.grid.inv_volume_cm[..n];
        let (w_new, w_old) = (&self.w_new[..n], &self.w[..n]);
        let theta_new = &mut self.theta_new[..n];
        let (surface_new, surface_old) = (w_new[0] - pond, w_old[0] - pond_old);
        theta_new[0] = surface_new * inv_volume[0];
        self.surface_dtheta = (surface_new - surface_old).abs() * inv_volume[0];
        let surface_change =
            change_per_length(surface_new, surface_old, inv_volume[0], inv_control);
        max_dtheta = if surface_change > max_dtheta {
            surface_change
        } else {
            max_dtheta
        };
        let rest = water_contents_and_largest_change(
            (&w_new[1..], &w_old[1..]),
            &inv_volume[1..],
            inv_control,
            &mut theta_new[1..],
        );
        max_dtheta = if rest > max_dtheta { rest } else { max_dtheta };
        let q_top = match converged.top {
            TopCondition::Flux(q) => q,
            TopCondition::Head(_) => (w_new[0] - w_start[0]) / dt_solve + q_first + sink_first,
        };
        let q_bottom = match bottom {
            BottomCondition::FreeDrainage => bottom_outflow(&self.scratch, self.h_new[n - 1]),
            BottomCondition::ZeroFlux => 0.0,
            BottomCondition::Head(_) => q_end - (w_new[last] - w_start[last]) / dt_solve - sink_end,
        };
        let q_top = scheme.blend(q_top, self.booked.q_top);
        let q_bottom = scheme.blend(q_bottom, self.booked.q_bottom);
        self.booked.q_top = q_top;
        self.booked.q_bottom = q_bottom;
        // Split the net surface flux into infiltration and evaporation as HYDRUS-1D does
        // (OUTPUT.FOR, subroutine TLInf): while water is supplied, evaporation proceeds at its
        // potential rate unless the soil cannot absorb the net supply.
        let mut f = Fluxes::default();
        let (infiltration, evaporation, runoff) = match self.top {
            TopBoundary::Atmospheric { .. } => {
                let runoff = match converged.top {
                    TopCondition::Head(h) if q_pot > 0.0 && h >= 0.0 => (q_pot - q_top).max(0.0),
                    _ => 0.0,
                };
                if supply > 0.0 {
                    if q_top >= 0.0 {
                        let evap = forcing.pot_evap_cm_d;
                        (q_top + evap, evap, runoff)
                    } else {
                        let infil = supply - runoff;
                        (infil, infil - q_top, runoff)
                    }
                } else {
                    (q_top.max(0.0), (-q_top).max(0.0), 0.0)
                }
            }
            _ => (q_top.max(0.0), (-q_top).max(0.0), 0.0),
        };
        // Infiltration is what crosses the soil surface (HYDRUS-1D's vTop), not what reaches a
        // pond: a growing pond holds back part of the supply, a shrinking one feeds the soil.
        // Storage leaves the pond out likewise, so the soil's balance stays exact. Water that
        // rises out of the soil into a pond counts as leaving through the surface.
        let pond_growth = (self.h_new[0].max(0.0) - self.h[0].max(0.0)) / dt;
        let (infiltration, evaporation) = if infiltration >= pond_growth {
            (infiltration - pond_growth, evaporation)
        } else {
            (0.0, evaporation + pond_growth - infiltration)
        };
        let inflow_salt = match self.top {
            TopBoundary::Atmospheric { .. } => {
                if supply > 0.0 {
                    (forcing.precip_cm_d * forcing.precip_salt_g_l
                        + forcing.irrigation_cm_d * forcing.irrigation_salt_g_l)
                        / supply
                } else {
                    0.0
                }
            }
            TopBoundary::ConstantHead { salt_g_l, .. } | TopBoundary::Flux { salt_g_l, .. } => {
                salt_g_l
            }
        };
        let transpiration = sum_to_last_nonzero(&self.booked.sink);
        // Salt through the surface: what the water brings, what runs off, and what enters the
        // soil (through a pond at the atmospheric surface, see `PondSalt`).
        let (pond_cm, salt_supplied, salt_run_off, salt_into_soil) = match self.top {
            TopBoundary::Atmospheric { .. } => {
                let pond = (self.h[0].max(0.0), self.h_new[0].max(0.0));
                let step = self.pond_salt.step(PondStep {
                    pond_cm: pond,
                    supply_cm: supply * dt,
                    supply_salt_mg_cm2: supply * inflow_salt * dt,
                    runoff_cm: runoff * dt,
                    into_soil_cm: q_top * dt - (pond.1 - pond.0),
                    soil_salt_g_l: self.c[0],
                });
                (
                    pond,
                    supply * inflow_salt * dt,
                    step.run_off_mg_cm2,
                    step.into_soil_mg_cm2,
                )
            }
            _ => {
                let salt = infiltration * inflow_salt * dt;
                ((0.0, 0.0), salt, 0.0, salt)
            }
        };
        let flow = WaterFlow {
            w_old: &self.w,
            w_new: &self.w_new,
            pond_cm,
            theta: &self.theta_new,
            q_elem: &self.booked.q_elem,
            salt_in_top_mg_cm2_d: salt_into_soil / dt,
            q_bottom_cm_d: q_bottom,
            bottom_inflow_salt_g_l: self.bottom_salt_g_l,
            dt_d: dt,
        };
        let salt = transport_step_copy::<AVX2>(
            &self.grid,
            &self.soils,
            &self.dispersivity_cm,
            &self.transport,
            &flow,
            &mut self.c,
            &mut self.tscratch,
        );
        f.precip_cm = forcing.precip_cm_d * dt;
        f.irrigation_cm = forcing.irrigation_cm_d * dt;
        f.runoff_cm = runoff * dt;
        f.infiltration_cm = infiltration * dt;
        f.evaporation_pot_cm = forcing.pot_evap_cm_d * dt;
        f.evaporation_cm = evaporation * dt;
        f.transpiration_pot_cm = if self.plant.is_some() && forcing.root_depth_cm > 0.0 {
            forcing.pot_transp_cm_d * dt
        } else {
            0.0
        };
        f.transpiration_cm = transpiration * dt;
        f.drainage_cm = q_bottom.max(0.0) * dt;
        f.capillary_rise_cm = (-q_bottom).max(0.0) * dt;
        f.salt_in_top_mg_cm2 = salt_supplied;
        f.salt_out_top_mg_cm2 = salt_run_off;
        f.salt_in_bottom_mg_cm2 = salt.in_bottom;
        f.salt_out_bottom_mg_cm2 = salt.out_bottom;
        self.dt_last2_d = self.dt_last_d;
        self.dt_last_d = dt;
        self.last_order = if scheme.gamma != 0.0 {
            3
        } else if scheme.beta > 0.0 {
            2
        } else {
            1
        };
        self.booked_prev_valid = keep_history;
        self.last_forcing = Some(ForcingKey::of(forcing));
        // The new state by exchanging arrays (the scratch side is overwritten by the next step).
        std::mem::swap(&mut self.h_before, &mut self.h);
        std::mem::swap(&mut self.h, &mut self.h_new);
        std::mem::swap(&mut self.w, &mut self.w_new);
        std::mem::swap(&mut self.theta_now, &mut self.theta_new);
        // Rain or irrigation that the surface could take until this step and no longer:
        // the next step restarts short (see `advance`).
        self.surface_saturated_in_last_step = self.accuracy == Accuracy::Fast
            && matches!(start_top, TopCondition::Flux(q) if q > 0.0)
            && matches!(converged.top, TopCondition::Head(h) if h >= 0.0);
        self.surface_switched_in_last_step =
            std::mem::discriminant(&start_top) != std::mem::discriminant(&converged.top);
        self.top_mode = converged.top;
        Ok((f, converged.iterations, max_dtheta))
    }

    /// The shifted start of a BDF2 step, `w_start[i] = w[i] + shift_i` with shift_i = beta
    /// dt_last times node i's net inflow over the last step, and whether it leaves every node at
    /// least half of the water it holds above residual (returned). A drying node's start is its
    /// storage less beta times its last loss; near residual water content (a sand surface drying
    /// under evaporation) that can fall to or below the least storage the soil can have, and no
    /// head then solves the step (Newton walks the suction out to 1e16 cm). Such a step is taken
    /// as backward Euler (from `w` itself; `w_start` is then not read). One pass for both, the
    /// same operations as the check and the shift computed one after the other (unit test
    /// against that form); every node, without early exit, so that the loop is vectorised.
    #[inline(always)]
    fn shifted_start_if_safe(&mut self, scheme: Bdf2) -> bool {
        let n = self.grid.len();
        let weight = scheme.beta * self.dt_last_d;
        let safe = shifted_start(
            &self.booked,
            (&self.w, &self.theta_r_node, &self.grid.volume_cm),
            weight,
            &mut self.w_start[..n],
        );
        if !safe || scheme.gamma == 0.0 {
            return safe;
        }
        // A third-order step's second history term: gamma times the storage change of the
        // step before the last, with the same safety check on the whole shift.
        let weight2 = scheme.gamma * self.dt_last2_d;
        let (w, theta_r, volume) = (
            &self.w[..n],
            &self.theta_r_node[..n],
            &self.grid.volume_cm[..n],
        );
        let mut all_safe = true;
        for i in 0..n {
            self.w_start[i] += weight2 * self.booked_prev.net_inflow(i);
            let shift = self.w_start[i] - w[i];
            all_safe &= shift >= -0.5 * (w[i] - theta_r[i] * volume[i]);
        }
        all_safe
    }

    /// Before a step's rates are booked: keeps the last step's booked rates for a third-order
    /// step after this one, and for a third-order step (`scheme.gamma` != 0) mixes them with
    /// the step before's so that the booking's blend alpha F^{n+1} + (1 - alpha) booked gives
    /// alpha F^{n+1} + w1 F^n + w2 F^{n-1}, w1 = beta dt_last / dt, w2 = gamma dt_last2 / dt
    /// (w1 + w2 = 1 - alpha, see [`Bdf2::third`]): each node's storage change is still dt
    /// times its booked rates, and water is conserved to round-off.
    fn keep_booked_history(&mut self, scheme: Bdf2, dt: f64) {
        let (now, prev) = (&mut self.booked, &mut self.booked_prev);
        if scheme.gamma == 0.0 {
            prev.q_elem.copy_from_slice(&now.q_elem);
            prev.sink.copy_from_slice(&now.sink);
            (prev.q_top, prev.q_bottom) = (now.q_top, now.q_bottom);
            return;
        }
        let w1 = scheme.beta * self.dt_last_d / dt;
        let w2 = scheme.gamma * self.dt_last2_d / dt;
        let inv_keep = 1.0 / (w1 + w2);
        let mix = |a: &mut f64, b: &mut f64| {
            let last = *a;
            *a = (w1 * last + w2 * *b) * inv_keep;
            *b = last;
        };
        for (a, b) in now.q_elem.iter_mut().zip(prev.q_elem.iter_mut()) {
            mix(a, b);
        }
        for (a, b) in now.sink.iter_mut().zip(prev.sink.iter_mut()) {
            mix(a, b);
        }
        mix(&mut now.q_top, &mut prev.q_top);
        mix(&mut now.q_bottom, &mut prev.q_bottom);
    }

    /// Root water uptake per node (cm/d) for the current state. Inlined into the step, so that
    /// its AVX2 copy has its own (see `column::simd`).
    #[inline(always)]
    fn compute_uptake(&mut self, forcing: &Forcing) {
        // Only the nodes the last call filled can hold anything but +0: those are cleared (all
        // of `sink` and `unstressed` were, a `memset` each, every step).
        let filled = std::mem::take(&mut self.uptake_filled);
        let clear = |from: usize, s: &mut Self| {
            s.sink[from..filled].fill(0.0);
            s.unstressed[from..filled].fill(0.0);
        };
        let Some(plant) = &self.plant else {
            return clear(0, self);
        };
        let tp = forcing.pot_transp_cm_d;
        if tp <= 0.0 || forcing.root_depth_cm <= 0.0 {
            return clear(0, self);
        }
        // The weights change only with the rooting depth (once a day at most).
        if forcing.root_depth_cm != self.roots_depth_cm {
            self.roots_depth_cm = forcing.root_depth_cm;
            if !root_weights(
                &self.grid,
                &plant.root_distribution,
                forcing.root_depth_cm,
                &mut self.roots,
            ) {
                self.roots.iter_mut().for_each(|r| *r = 0.0);
            }
            self.root_nodes = self
                .roots
                .iter()
                .rposition(|&r| r != 0.0)
                .map_or(0, |k| k + 1);
        }
        // Nodes below the deepest root take no water: their zeros stay. `fill` writes every
        // node above them, except with the S-shaped salinity stress (only the nodes with
        // uptake), which is given zeros to write into.
        let n = self.root_nodes;
        let overwritten = match plant.salt_stress {
            SaltStress::SShape { .. } => 0,
            SaltStress::None | SaltStress::MaasHoffman { .. } => n.min(filled),
        };
        clear(overwritten, self);
        self.uptake_filled = n;
        let Some(plant) = &self.plant else { return };
        let nodes = UptakeNodes {
            h: &self.h[..n],
            theta: &self.theta_now[..n],
            c: &self.c[..n],
            theta_s: &self.theta_s_node[..n],
            theta_r: &self.theta_r_node[..n],
            roots: &self.roots[..n],
            tds_g_l_per_ds_m: self.tds_g_l_per_ds_m,
        };
        nodes.fill(plant, tp, &mut self.unstressed[..n], &mut self.sink[..n]);
    }

    /// The accuracy this column was built with.
    pub fn accuracy(&self) -> Accuracy {
        self.accuracy
    }

    /// Time since the start (d).
    pub fn time_d(&self) -> f64 {
        self.time_d
    }

    /// Node depths (cm).
    pub fn depths_cm(&self) -> &[f64] {
        &self.grid.z_cm
    }

    /// Nodal state.
    pub fn profile(&self) -> Profile {
        let n = self.grid.len();
        let theta: Vec<f64> = (0..n).map(|i| self.soils.theta(i, self.h[i])).collect();
        let ece_ds_m = (0..n).map(|i| self.ece_at(i, theta[i])).collect();
        Profile {
            depth_cm: self.grid.z_cm.clone(),
            head_cm: self.h.clone(),
            theta,
            salt_g_l: self.c.clone(),
            ece_ds_m,
        }
    }

    fn ece_at(&self, i: usize, theta: f64) -> f64 {
        self.c[i] * theta / self.soils.theta_s(i) / self.tds_g_l_per_ds_m
    }

    /// Water stored in the soil (cm); water ponded on the surface is not part of it (as in
    /// HYDRUS-1D's Volume), see [`Column::ponding_cm`].
    pub fn water_storage_cm(&self) -> f64 {
        self.w.iter().sum::<f64>() - self.ponding_cm()
    }

    /// Salt stored in the soil solution plus ponded water (mg/cm2).
    pub fn salt_storage_mg_cm2(&self) -> f64 {
        let soil: f64 = self.w.iter().zip(&self.c).map(|(w, c)| w * c).sum();
        match self.top {
            // The pond is its own reservoir: its water is not at the surface node's concentration.
            TopBoundary::Atmospheric { .. } => {
                soil - self.ponding_cm() * self.c[0] + self.pond_salt.mg_cm2
            }
            _ => soil,
        }
    }

    /// Water ponded on the surface (cm).
    pub fn ponding_cm(&self) -> f64 {
        self.h[0].max(0.0)
    }

    /// Water-weighted mean soil-solution concentration (g/L) from the surface to `depth_cm`.
    pub fn root_zone_salt_g_l(&self, depth_cm: f64) -> f64 {
        let mut salt = 0.0;
        let mut water = 0.0;
        for i in 0..self.grid.len() {
            let inside = self.grid.volume_above(i, depth_cm);
            if inside > 0.0 {
                let wi = self.theta_now[i] * inside;
                salt += wi * self.c[i];
                water += wi;
            }
        }
        if water > 0.0 {
            salt / water
        } else {
            0.0
        }
    }

    /// Mean ECe (dS/m) from the surface to `depth_cm`, weighted by thickness.
    pub fn root_zone_ece_ds_m(&self, depth_cm: f64) -> f64 {
        let mut sum = 0.0;
        let mut len = 0.0;
        for i in 0..self.grid.len() {
            let inside = self.grid.volume_above(i, depth_cm);
            if inside > 0.0 {
                sum += self.ece_at(i, self.theta_now[i]) * inside;
                len += inside;
            }
        }
        if len > 0.0 {
            sum / len
        } else {
            0.0
        }
    }

    /// Work done so far.
    pub fn stats(&self) -> SolverStats {
        self.stats
    }
}

fn check_spec(spec: &ColumnSpec) -> Result<(), SpecError> {
    let err = |m: String| Err(SpecError { message: m });
    if !(spec.depth_cm > 0.0 && spec.depth_cm.is_finite()) {
        return err(format!("column depth {} cm must be > 0", spec.depth_cm));
    }
    if spec.layers.is_empty() {
        return err("at least one soil layer is needed".into());
    }
    let mut top = 0.0;
    for (k, l) in spec.layers.iter().enumerate() {
        if l.bottom_cm <= top {
            return err(format!(
                "layer {k}: bottom {} cm must be below {top} cm",
                l.bottom_cm
            ));
        }
        top = l.bottom_cm;
        let h = &l.hydraulics;
        if !(h.theta_r() >= 0.0
            && h.theta_s() > h.theta_r()
            && h.theta_s() <= 1.0
            && h.ks_cm_d() > 0.0)
        {
            return err(format!("layer {k}: hydraulic parameters out of range"));
        }
    }
    if (top - spec.depth_cm).abs() > 1e-9 * spec.depth_cm {
        return err(format!(
            "the last layer ends at {top} cm but the column is {} cm deep",
            spec.depth_cm
        ));
    }
    Ok(())
}

fn initial_heads(spec: &ColumnSpec, grid: &Grid, soils: &NodeSoils) -> Result<Vec<f64>, SpecError> {
    let n = grid.len();
    let z_bottom = grid.z_cm[n - 1];
    let h = match &spec.initial_water {
        InitialWater::Head(h) => vec![*h; n],
        InitialWater::HeadProfile(points) => {
            grid.z_cm.iter().map(|&z| interpolate(points, z)).collect()
        }
        InitialWater::Theta(theta) => (0..n)
            .map(|i| {
                let layer = &soils.layers[soils.main_layer(i)];
                let t = theta.clamp(layer.theta_r(), layer.theta_s());
                layer.head_cm(t).max(-1e7)
            })
            .collect(),
        InitialWater::Equilibrium => {
            let h_bottom = match spec.bottom.kind {
                BottomKind::WaterTable { depth_cm } => z_bottom - depth_cm,
                BottomKind::ConstantHead { head_cm } => head_cm,
                _ => return Err(SpecError {
                    message:
                        "an equilibrium initial head needs a water_table or constant_head bottom"
                            .into(),
                }),
            };
            grid.z_cm
                .iter()
                .map(|&z| h_bottom - (z_bottom - z))
                .collect()
        }
    };
    if let Some(bad) = h.iter().find(|v| !v.is_finite()) {
        return Err(SpecError {
            message: format!("initial head {bad} is not a finite number"),
        });
    }
    Ok(h)
}

fn initial_salt(spec: &ColumnSpec, grid: &Grid, soils: &NodeSoils, h: &[f64]) -> Vec<f64> {
    let f = spec.tds_g_l_per_ds_m;
    (0..grid.len())
        .map(|i| {
            let z = grid.z_cm[i];
            let from_ece = |ece: f64| {
                let theta = soils.theta(i, h[i]);
                if theta > 0.0 {
                    ece * f * soils.theta_s(i) / theta
                } else {
                    0.0
                }
            };
            match &spec.initial_salt {
                InitialSalt::Concentration(c) => *c,
                InitialSalt::ConcentrationProfile(p) => interpolate(p, z),
                InitialSalt::Ece(e) => from_ece(*e),
                InitialSalt::EceProfile(p) => from_ece(interpolate(p, z)),
            }
        })
        .collect()
}

/// The water forcing of a step, compared bit for bit: a step under the same forcing as the one
/// before may be second order, one under the same water supply may start from the predictor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct ForcingKey([u64; 5]);

impl ForcingKey {
    /// Rain and irrigation (cm/d).
    fn supply_cm_d(&self) -> f64 {
        f64::from_bits(self.0[0]) + f64::from_bits(self.0[1])
    }

    /// Whether `other` has the same rain and irrigation rates.
    fn same_supply(&self, other: &ForcingKey) -> bool {
        self.0[..2] == other.0[..2]
    }

    fn of(f: &Forcing) -> ForcingKey {
        ForcingKey([
            f.precip_cm_d.to_bits(),
            f.irrigation_cm_d.to_bits(),
            f.pot_evap_cm_d.to_bits(),
            f.pot_transp_cm_d.to_bits(),
            f.root_depth_cm.to_bits(),
        ])
    }
}

/// The predictor of the fast path's first iterate: each node's head extrapolated linearly from
/// the last step, `h + r (h - h_before)` with `r` the ratio of the new step to the last, bounded
/// to [2 h, h / 2] (a suction changes by at most a factor 2), at nodes drier than -1 cm (the
/// others keep `h`). The clamp is written as selects (a NaN stays NaN, as with `f64::clamp`),
/// so that the loop is vectorised; the output is an argument, so that the compiler knows it
/// overlaps no input and adds no run-time overlap checks.
#[inline(always)]
fn predict_heads(h_now: &[f64], h_before: &[f64], r: f64, guess: &mut [f64]) {
    let n = guess.len();
    let (h_now, h_before) = (&h_now[..n], &h_before[..n]);
    for i in 0..n {
        let h = h_now[i];
        let extrapolated = h + r * (h - h_before[i]);
        let (lo, hi) = (2.0 * h, 0.5 * h);
        let bounded = if extrapolated < lo {
            lo
        } else if extrapolated > hi {
            hi
        } else {
            extrapolated
        };
        guess[i] = if h < -1.0 { bounded } else { h };
    }
}

/// A node's change of soil water from `soil_old` to `soil_new` (cm) per length of its control
/// volume, at least `1 / inv_control` (the fast path's control length, see
/// `control_length_cm`): |soil_new - soil_old| / max(volume, control length), with the
/// minimum of the inverses as a select (which passes over a NaN as `f64::min` does).
#[inline(always)]
fn change_per_length(soil_new: f64, soil_old: f64, inv_volume: f64, inv_control: f64) -> f64 {
    let per_length = if inv_volume < inv_control {
        inv_volume
    } else {
        inv_control
    };
    (soil_new - soil_old).abs() * per_length
}

/// Nodes whose largest change [`water_contents_and_largest_change`] takes side by side.
const CHANGE_LANES: usize = 4;

/// Water content `theta_new[i] = w_new[i] / volume_i` of each node (`storage` = (w_new, w_old),
/// cm; `inv_volume` 1 / volume, 1/cm) and the largest [`change_per_length`] of the nodes and 0
/// (NaNs ignored, as by the selects of a running maximum). The maximum is taken in
/// [`CHANGE_LANES`] lanes, which vectorise where one running maximum is a chain of dependent
/// comparisons: it does not depend on the order (every change is +0 or above, or NaN), so the
/// result is the same to the bit. `theta_new` is an argument (no run-time overlap checks).
#[inline(always)]
fn water_contents_and_largest_change(
    storage: (&[f64], &[f64]),
    inv_volume: &[f64],
    inv_control: f64,
    theta_new: &mut [f64],
) -> f64 {
    let n = theta_new.len();
    let (w_new, w_old, inv_volume) = (&storage.0[..n], &storage.1[..n], &inv_volume[..n]);
    let mut lanes = [0.0f64; CHANGE_LANES];
    let whole = n - n % CHANGE_LANES;
    let (theta_lanes, theta_rest) = theta_new.split_at_mut(whole);
    // Each block's water contents into a local array first and then stored at once, so that
    // the compiler packs them into one vector (stored into `theta_new` lane by lane, it
    // stored them one by one).
    for (((theta, w_new), w_old), inv_volume) in theta_lanes
        .chunks_exact_mut(CHANGE_LANES)
        .zip(w_new.chunks_exact(CHANGE_LANES))
        .zip(w_old.chunks_exact(CHANGE_LANES))
        .zip(inv_volume.chunks_exact(CHANGE_LANES))
    {
        let mut block = [0.0f64; CHANGE_LANES];
        for k in 0..CHANGE_LANES {
            block[k] = w_new[k] * inv_volume[k];
            let change = change_per_length(w_new[k], w_old[k], inv_volume[k], inv_control);
            lanes[k] = if change > lanes[k] { change } else { lanes[k] };
        }
        theta.copy_from_slice(&block);
    }
    let mut largest = 0.0f64;
    for (k, theta) in theta_rest.iter_mut().enumerate() {
        let i = whole + k;
        *theta = w_new[i] * inv_volume[i];
        let change = change_per_length(w_new[i], w_old[i], inv_volume[i], inv_control);
        largest = if change > largest { change } else { largest };
    }
    for lane in lanes {
        largest = if lane > largest { lane } else { largest };
    }
    largest
}

/// The start of a BDF2 step (`w_start[i] = w[i] + shift_i`, shift_i = `weight` times node i's
/// net inflow by the `booked` rates) and whether every node keeps at least half of its water
/// above residual there (shift_i >= -(w[i] - theta_r[i] volume_i) / 2; `node` = (w, theta_r,
/// volume)): the shift is computed once for both, by the operations each of them took on its
/// own before (the same bits). The end nodes apart, the others in a loop without branches that
/// is vectorised; `w_start` is an argument (no run-time overlap checks).
#[inline(always)]
fn shifted_start(
    booked: &BookedRates,
    node: (&[f64], &[f64], &[f64]),
    weight: f64,
    w_start: &mut [f64],
) -> bool {
    let n = w_start.len();
    let (w, theta_r, volume) = (&node.0[..n], &node.1[..n], &node.2[..n]);
    // A function, not a closure: the closure was left out of line (a call for each end).
    #[inline(always)]
    fn end_node(
        i: usize,
        booked: &BookedRates,
        node: (&[f64], &[f64], &[f64]),
        weight: f64,
        w_start: &mut [f64],
    ) -> bool {
        let (w, theta_r, volume) = node;
        let shift = weight * booked.net_inflow(i);
        w_start[i] = w[i] + shift;
        shift >= -0.5 * (w[i] - theta_r[i] * volume[i])
    }
    let node = (w, theta_r, volume);
    if n < 2 {
        return (0..n).fold(true, |all, i| {
            all & end_node(i, booked, node, weight, w_start)
        });
    }
    let all =
        end_node(0, booked, node, weight, w_start) & end_node(n - 1, booked, node, weight, w_start);
    let (q, sink) = (&booked.q_elem[..n - 1], &booked.sink[..n]);
    // Any unsafe inner node, as a word (see `simd::lane_mask`; an `|` of the negated test,
    // which a NaN fails as before, took fewer instructions than an `&` of the test).
    let mut unsafe_inner = 0u64;
    for i in 1..n - 1 {
        let shift = weight * (q[i - 1] - q[i] - sink[i]);
        w_start[i] = w[i] + shift;
        let above_residual = w[i] - theta_r[i] * volume[i];
        #[allow(clippy::neg_cmp_op_on_partial_ord)]
        let unsafe_node = !(shift >= -0.5 * above_residual);
        unsafe_inner |= lane_mask(unsafe_node);
    }
    all & (unsafe_inner == 0)
}

/// Books the element fluxes (cm/d, downward positive) at the accepted heads `h`, consistent
/// with the last linear system solved (`flow::element_fluxes`, the same operations: with the
/// conductivities of the iterate before and, after a Newton iteration, its
/// conductivity-derivative terms), blended with the last step's booked ones in `booked` by
/// [`Bdf2::blend`] (backward Euler: the new ones) and stored there, in one pass. Returns the
/// unblended fluxes of the first and the last element (for the surface's and the bottom's
/// balances), computed again by the same operations.
#[inline(always)]
fn book_element_fluxes(
    inv_dz: &[f64],
    h: &[f64],
    s: &FlowScratch,
    scheme: Bdf2,
    booked: &mut [f64],
) -> (f64, f64) {
    match (s.newton, scheme.beta == 0.0) {
        (true, true) => book_element_fluxes_kernel::<true, false>(inv_dz, h, s, scheme, booked),
        (true, false) => book_element_fluxes_kernel::<true, true>(inv_dz, h, s, scheme, booked),
        (false, true) => book_element_fluxes_kernel::<false, false>(inv_dz, h, s, scheme, booked),
        (false, false) => book_element_fluxes_kernel::<false, true>(inv_dz, h, s, scheme, booked),
    }
}

/// [`book_element_fluxes`] after a Newton iteration or not (`NEWTON`), blending or not
/// (`BLEND`), its arrays sliced to the element count so that the loop has no bounds checks and
/// is vectorised.
#[inline(always)]
fn book_element_fluxes_kernel<const NEWTON: bool, const BLEND: bool>(
    inv_dz: &[f64],
    h: &[f64],
    s: &FlowScratch,
    scheme: Bdf2,
    booked: &mut [f64],
) -> (f64, f64) {
    let m = h.len() - 1;
    let inv_dz = &inv_dz[..m];
    let (h_a, h_b) = (&h[..m], &h[1..=m]);
    let (prev_a, prev_b) = (&s.h_prev[..m], &s.h_prev[1..=m]);
    let (k_elem, dk_a, dk_b) = (&s.k_elem[..m], &s.dk_elem_a[..m], &s.dk_elem_b[..m]);
    let booked = &mut booked[..m];
    // A function, not a closure: the closure was left out of line (a call for each end).
    #[inline(always)]
    fn flux<const NEWTON: bool>(
        e: usize,
        k: &[f64],
        dk: (&[f64], &[f64]),
        h: (&[f64], &[f64]),
        prev: (&[f64], &[f64]),
        inv_dz: &[f64],
    ) -> f64 {
        element_flux::<NEWTON>(
            k[e],
            (dk.0[e], dk.1[e]),
            (h.0[e], h.1[e]),
            (prev.0[e], prev.1[e]),
            inv_dz[e],
        )
    }
    let (alpha, keep) = (scheme.alpha, 1.0 - scheme.alpha);
    let (dk, heads, prev) = ((dk_a, dk_b), (h_a, h_b), (prev_a, prev_b));
    for e in 0..m {
        let q_e = element_flux::<NEWTON>(
            k_elem[e],
            (dk_a[e], dk_b[e]),
            (h_a[e], h_b[e]),
            (prev_a[e], prev_b[e]),
            inv_dz[e],
        );
        booked[e] = if BLEND {
            alpha * q_e + keep * booked[e]
        } else {
            q_e
        };
    }
    (
        flux::<NEWTON>(0, k_elem, dk, heads, prev, inv_dz),
        flux::<NEWTON>(m - 1, k_elem, dk, heads, prev, inv_dz),
    )
}

/// One element's flux (cm/d) of [`book_element_fluxes`] from its conductivity `k`, the
/// conductivity's derivatives in the heads of its upper and lower node `dk`, the heads `h` and
/// the heads of the iterate before `prev` at those nodes, and 1 / dz.
#[inline(always)]
fn element_flux<const NEWTON: bool>(
    k: f64,
    dk: (f64, f64),
    h: (f64, f64),
    prev: (f64, f64),
    inv_dz: f64,
) -> f64 {
    let mut q_e = k * (1.0 - (h.1 - h.0) * inv_dz);
    if NEWTON {
        let gradient = 1.0 - (prev.1 - prev.0) * inv_dz;
        q_e += (dk.0 * (h.0 - prev.0) + dk.1 * (h.1 - prev.1)) * gradient;
    }
    q_e
}

/// Books the root water uptake per node (cm/d) at the accepted heads `h`, consistent with the
/// last linear system (`flow::booked_sink`, the same operations), blended with the last step's
/// booked uptake in `booked` by [`Bdf2::blend`] (backward Euler: the new one) and stored there,
/// in one pass. Returns the unblended uptake of the first and the last node.
#[inline(always)]
fn book_sink(h: &[f64], s: &FlowScratch, scheme: Bdf2, booked: &mut [f64]) -> (f64, f64) {
    match (s.newton, scheme.beta == 0.0) {
        (true, true) => book_sink_kernel::<true, false>(h, s, scheme, booked),
        (true, false) => book_sink_kernel::<true, true>(h, s, scheme, booked),
        (false, true) => book_sink_kernel::<false, false>(h, s, scheme, booked),
        (false, false) => book_sink_kernel::<false, true>(h, s, scheme, booked),
    }
}

/// [`book_sink`] after a Newton iteration or not (`NEWTON`), blending or not (`BLEND`).
#[inline(always)]
fn book_sink_kernel<const NEWTON: bool, const BLEND: bool>(
    h: &[f64],
    s: &FlowScratch,
    scheme: Bdf2,
    booked: &mut [f64],
) -> (f64, f64) {
    let n = h.len();
    let (h, sink, dsink, h_prev) = (&h[..n], &s.sink[..n], &s.dsink[..n], &s.h_prev[..n]);
    let booked = &mut booked[..n];
    let uptake = |i: usize| {
        if NEWTON {
            sink[i] + dsink[i] * (h[i] - h_prev[i])
        } else {
            sink[i]
        }
    };
    let (alpha, keep) = (scheme.alpha, 1.0 - scheme.alpha);
    for i in 0..n {
        let s_i = if NEWTON {
            sink[i] + dsink[i] * (h[i] - h_prev[i])
        } else {
            sink[i]
        };
        booked[i] = if BLEND {
            alpha * s_i + keep * booked[i]
        } else {
            s_i
        };
    }
    (uptake(0), uptake(n - 1))
}

/// Values [`sum_to_last_nonzero`] tests for zeros at a time (four AVX2 vectors; 16 took 0.11 M
/// instructions fewer a column-year than blocks of four, 8 half of that).
const ZERO_SEARCH_BLOCK: usize = 16;

/// `values.iter().sum()` to the bit, without adding the zeros after the last value other than
/// zero (the nodes below the roots, which take no water; every node in a step without
/// transpiration): adding a zero of either sign to a sum other than zero gives the sum (NaN
/// and infinities included), so only a sum of zero (of either sign, where a +0 after it would
/// turn -0 into +0) is taken again over every value; and a sum of zeros alone is -0 exactly
/// when the empty sum is -0 and every value is -0 (IEEE 754 round to nearest: -0 + -0 = -0,
/// -0 + +0 = +0 + -0 = +0). The sum is a chain of dependent additions (four cycles each) that
/// cannot be reordered without changing its last bits; the search for the last value other
/// than zero, [`ZERO_SEARCH_BLOCK`] values at a time, is not such a chain.
#[inline(always)]
fn sum_to_last_nonzero(values: &[f64]) -> f64 {
    let mut end = values.len();
    // A value is a zero of either sign exactly when its bits without the sign bit are all 0:
    // the block's bits shifted left by one, or-ed, are 0 exactly when the block is all zeros
    // (integer operations, vectorised, one test a block).
    while end >= ZERO_SEARCH_BLOCK {
        let block = &values[end - ZERO_SEARCH_BLOCK..end];
        let bits = block.iter().fold(0u64, |any, v| any | (v.to_bits() << 1));
        if bits != 0 {
            break;
        }
        end -= ZERO_SEARCH_BLOCK;
    }
    while end > 0 && values[end - 1] == 0.0 {
        end -= 1;
    }
    if end == 0 {
        let empty: f64 = [0.0f64; 0].iter().sum();
        return if empty.is_sign_negative() && values.iter().all(|v| v.is_sign_negative()) {
            -0.0
        } else {
            0.0
        };
    }
    let head: f64 = values[..end].iter().sum();
    if head == 0.0 {
        values.iter().sum()
    } else {
        head
    }
}

/// What the root water uptake of each node is computed from (per node unless said otherwise).
struct UptakeNodes<'a> {
    /// Pressure head (cm).
    h: &'a [f64],
    /// Water content, saturated and residual water content.
    theta: &'a [f64],
    theta_s: &'a [f64],
    theta_r: &'a [f64],
    /// Salt concentration of the soil solution (g/L).
    c: &'a [f64],
    /// Normalised root weights ([`root_weights`]).
    roots: &'a [f64],
    /// Dissolved solids per unit of electrical conductivity (g/L per dS/m).
    tds_g_l_per_ds_m: f64,
}

impl UptakeNodes<'_> {
    /// Uptake without water stress, `unstressed = salt_alpha(EC) roots tp` (salinity stress on
    /// the conductivity of the saturated paste, EC_e = c theta / theta_s / TDS factor, or of
    /// the soil solution, c / TDS factor; Maas & Hoffman 1977, van Genuchten & Gupta 1993), and
    /// uptake `sink = feddes_alpha(h) unstressed` (Feddes et al. 1978), both 0 at nodes without
    /// roots or at residual water content (theta - theta_r at most 1e-9). The outputs are
    /// arguments, so that the compiler knows they overlap no input (no run-time overlap
    /// checks); with Maas & Hoffman or no salinity stress the loop is written without branches
    /// (every quotient computed and the one that applies selected, the same operations on each
    /// value as the branches), so that it is vectorised.
    #[inline(always)]
    fn fill(&self, plant: &PlantSpec, tp: f64, unstressed: &mut [f64], sink: &mut [f64]) {
        let n = self.h.len();
        let (h, theta, c) = (&self.h[..n], &self.theta[..n], &self.c[..n]);
        let (theta_s, theta_r, roots) = (&self.theta_s[..n], &self.theta_r[..n], &self.roots[..n]);
        let (unstressed, sink) = (&mut unstressed[..n], &mut sink[..n]);
        let tds = self.tds_g_l_per_ds_m;
        let ece_basis = matches!(plant.salt_stress_basis, SaltStressBasis::Ece);
        let ec_of = |i: usize| {
            let ece = c[i] * theta[i] / theta_s[i] / tds;
            let solution = c[i] / tds;
            if ece_basis {
                ece
            } else {
                solution
            }
        };
        // Both tests taken (`&`, not `&&`): the short cut made the load of theta_r a masked one.
        let available = |i: usize| (roots[i] != 0.0) & (theta[i] - theta_r[i] > 1e-9);
        let feddes = FeddesLines::new(&plant.feddes, tp);
        match plant.salt_stress {
            SaltStress::SShape { .. } => {
                for i in 0..n {
                    if available(i) {
                        unstressed[i] = salt_alpha(&plant.salt_stress, ec_of(i)) * roots[i] * tp;
                        sink[i] = feddes.alpha(h[i]) * unstressed[i];
                    }
                }
            }
            SaltStress::None | SaltStress::MaasHoffman { .. } => {
                let (threshold, slope) = match plant.salt_stress {
                    SaltStress::MaasHoffman {
                        threshold_ds_m,
                        slope_pct_per_ds_m,
                    } => (threshold_ds_m, slope_pct_per_ds_m),
                    _ => (0.0, 0.0),
                };
                let stressed = matches!(plant.salt_stress, SaltStress::MaasHoffman { .. });
                let per_ds_m = slope / 100.0;
                for i in 0..n {
                    let ec = ec_of(i);
                    // salt_alpha: 1 without salinity stress, else maas_hoffman_relative_yield
                    // (1 at and below the threshold).
                    let line = (1.0 - per_ds_m * (ec - threshold)).max(0.0);
                    let salt = if !stressed || ec <= threshold {
                        1.0
                    } else {
                        line
                    };
                    let u = salt * roots[i] * tp;
                    let s = feddes.alpha(h[i]) * u;
                    let keep = available(i);
                    unstressed[i] = if keep { u } else { 0.0 };
                    sink[i] = if keep { s } else { 0.0 };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 50 cm loam column at -100 cm under a potential evaporation of 1 cm/d, no plant: its
    /// surface dries out to h_crit within hours.
    fn drying_loam() -> (ColumnSpec, Forcing) {
        use super::super::{BottomBoundary, SoilLayer, TransportSpec};
        use crate::column::simd::fixture;
        use crate::column::Tortuosity;
        use crate::soil::SoilHydraulics;
        let loam = SoilHydraulics::VanGenuchten(fixture::loam());
        let spec = ColumnSpec {
            depth_cm: 50.0,
            min_nodes: 26,
            layers: vec![SoilLayer {
                bottom_cm: 50.0,
                hydraulics: loam,
                dispersivity_cm: 5.0,
            }],
            initial_water: InitialWater::Head(-100.0),
            initial_salt: InitialSalt::Concentration(1.0),
            top: TopBoundary::Atmospheric {
                h_crit_cm: -15000.0,
                max_ponding_cm: 0.0,
            },
            bottom: BottomBoundary {
                kind: BottomKind::FreeDrainage,
                salt_g_l: 0.0,
            },
            transport: TransportSpec {
                molecular_diffusion_cm2_d: 1.0,
                tortuosity: Tortuosity::MillingtonQuirk,
            },
            plant: None,
            tds_g_l_per_ds_m: 0.64,
        };
        let forcing = Forcing {
            precip_cm_d: 0.0,
            irrigation_cm_d: 0.0,
            irrigation_salt_g_l: 0.0,
            precip_salt_g_l: 0.0,
            pot_evap_cm_d: 1.0,
            pot_transp_cm_d: 0.0,
            root_depth_cm: 0.0,
        };
        (spec, forcing)
    }

    /// After a step in which the surface condition switched from the potential flux to h_crit
    /// (a kink in time), the next step under the same forcing is backward Euler, not BDF2; the
    /// step after that one, with no switch, may be second order again.
    #[test]
    fn a_switch_of_the_surface_condition_restarts_with_backward_euler() {
        let (spec, forcing) = drying_loam();
        let mut column = Column::new(&spec).unwrap();
        let mut switched_at = None;
        for k in 0..400 {
            column.advance(0.01, &forcing).unwrap();
            if column.surface_switched_in_last_step {
                switched_at = Some(k);
                break;
            }
        }
        assert!(switched_at.is_some(), "the surface never dried out");
        assert!(matches!(column.top_mode, TopCondition::Head(h) if h == -15000.0));
        assert!(!column.second_order_possible(&forcing));
        // One more interval: its steps do not switch (the surface stays at h_crit), so the one
        // after may be BDF2.
        column.advance(0.01, &forcing).unwrap();
        assert!(!column.surface_switched_in_last_step);
        assert!(column.second_order_possible(&forcing));
    }

    /// While the surface dries at the potential rate the fast path takes third-order steps
    /// after two second-order ones, holds each step's change of the surface cell's water
    /// content near FAST_SURFACE_TARGET_DTHETA instead of capping the step, and conserves
    /// water to round-off through them (the booked rates are a blend with weights summing to
    /// one, see `keep_booked_history`).
    #[test]
    fn a_drying_surface_takes_third_order_steps_and_conserves_water() {
        let (mut spec, mut forcing) = drying_loam();
        // Slower than the fixture's 1 cm/d, so that the surface dries at the potential rate
        // for days before it reaches h_crit.
        forcing.pot_evap_cm_d = 0.3;
        spec.initial_water = InitialWater::Head(-30.0);
        let mut column = Column::new(&spec).unwrap();
        let w0 = column.water_storage_cm();
        let (mut out, mut third_order_steps, mut largest_surface_change) = (0.0, 0, 0.0f64);
        let mut steps_before = 0;
        for _ in 0..60 {
            let f = column.advance(0.5, &forcing).unwrap();
            out += f.evaporation_cm + f.drainage_cm - f.capillary_rise_cm + f.transpiration_cm;
            let still_drying = matches!(column.top_mode, TopCondition::Flux(_));
            if column.stats().time_steps > steps_before && column.last_order == 3 && still_drying {
                third_order_steps += 1;
                largest_surface_change = largest_surface_change.max(column.surface_dtheta);
            }
            steps_before = column.stats().time_steps;
            if matches!(column.top_mode, TopCondition::Head(_)) {
                break;
            }
        }
        assert!(third_order_steps > 0, "no third-order step while drying");
        // The control aims at the target from the last step's change; a step may overshoot it
        // (the step in which the surface dries out to h_crit is not counted here).
        assert!(
            largest_surface_change < 2.0 * FAST_SURFACE_TARGET_DTHETA,
            "surface cell changed by {largest_surface_change}"
        );
        let error = column.water_storage_cm() - (w0 - out);
        assert!(error.abs() < 1e-9, "water balance {error} cm");
    }

    /// The blend of the booked rates as it was before it was fused into the booking kernels
    /// (the reference of `booking_in_one_pass_gives_the_old_bits`).
    fn blend_rates(scheme: Bdf2, rates: &mut [f64], booked: &[f64]) {
        if scheme.beta == 0.0 {
            return;
        }
        let n = rates.len();
        let booked = &booked[..n];
        for i in 0..n {
            rates[i] = scheme.blend(rates[i], booked[i]);
        }
    }

    /// The BDF2 start's check and shift as they were before they were fused into
    /// [`shifted_start`] (the reference of `shifted_start_gives_the_old_bits`).
    fn old_shifted_start(
        booked: &BookedRates,
        node: (&[f64], &[f64], &[f64]),
        weight: f64,
        w_start: &mut [f64],
    ) -> bool {
        let (w, theta_r, volume) = node;
        let n = w.len();
        let safe = |i: usize, shift: f64| {
            let above_residual = w[i] - theta_r[i] * volume[i];
            shift >= -0.5 * above_residual
        };
        let all = (0..n).fold(true, |all, i| all & safe(i, weight * booked.net_inflow(i)));
        for i in 0..n {
            w_start[i] = w[i] + weight * booked.net_inflow(i);
        }
        all
    }

    fn random(seed: &mut u64) -> f64 {
        *seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*seed >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Reference: the check that a BDF2 start is safe and the shifted storage computed one after
    /// the other as before (`old_shifted_start`), bit for bit in the storage and equal in the
    /// verdict, for columns of 1 to 9 and 152 nodes with safe and unsafe starts (losses up to
    /// twice the water above residual), NaN rates and storages among them.
    #[test]
    fn shifted_start_gives_the_old_bits() {
        let mut seed = 3u64;
        let mut verdicts = [0usize; 2];
        for round in 0..400 {
            let n = if round % 10 == 9 { 152 } else { 1 + round % 9 };
            let mut w: Vec<f64> = (0..n).map(|_| 0.05 + random(&mut seed)).collect();
            let theta_r: Vec<f64> = (0..n).map(|_| 0.05 * random(&mut seed)).collect();
            let volume: Vec<f64> = (0..n).map(|_| 0.05 + 2.0 * random(&mut seed)).collect();
            let scale = [0.01, 0.3, 3.0][round % 3];
            let mut booked = BookedRates {
                q_elem: (0..n - 1)
                    .map(|_| scale * (random(&mut seed) - 0.5))
                    .collect(),
                sink: (0..n).map(|_| 0.1 * scale * random(&mut seed)).collect(),
                q_top: scale * (random(&mut seed) - 0.5),
                q_bottom: scale * (random(&mut seed) - 0.5),
            };
            if round % 17 == 0 {
                booked.sink[round % n] = f64::NAN;
            }
            if round % 23 == 0 {
                w[(round / 23) % n] = f64::NAN;
            }
            let weight = 0.7 * random(&mut seed);
            let (mut got, mut want) = (vec![0.0; n], vec![0.0; n]);
            let node = (&w[..], &theta_r[..], &volume[..]);
            let safe = shifted_start(&booked, node, weight, &mut got);
            let safe_before = old_shifted_start(&booked, node, weight, &mut want);
            assert_eq!(safe, safe_before, "round {round}");
            verdicts[usize::from(safe)] += 1;
            for i in 0..n {
                assert_eq!(
                    got[i].to_bits(),
                    want[i].to_bits(),
                    "round {round} node {i}"
                );
            }
        }
        assert!(verdicts[0] > 20 && verdicts[1] > 20, "{verdicts:?}");
    }

    /// Reference: `flow::element_fluxes` and `flow::booked_sink` into arrays of their own, the
    /// ends' balances read from those, then the blend (`blend_rates`) and the copy into the
    /// booked arrays, as the step did before; bit for bit for Newton and Picard iterations,
    /// backward-Euler and BDF2 steps, on the fixture's graded column with random heads,
    /// conductivities, derivatives and uptake, NaNs among them.
    #[test]
    fn booking_in_one_pass_gives_the_old_bits() {
        use super::super::flow::{booked_sink, element_fluxes};
        let (grid, _) = crate::column::simd::fixture::column();
        let n = grid.len();
        let mut seed = 19u64;
        for round in 0..40 {
            let mut s = FlowScratch::new(n);
            let h: Vec<f64> = (0..n).map(|_| -1000.0 * random(&mut seed)).collect();
            for (i, &h) in h.iter().enumerate() {
                s.h_prev[i] = h * (0.9 + 0.2 * random(&mut seed));
                s.sink[i] = 0.01 * random(&mut seed);
                s.dsink[i] = 1e-4 * (random(&mut seed) - 0.5);
            }
            for e in 0..n - 1 {
                s.k_elem[e] = 10f64.powf(-6.0 * random(&mut seed));
                s.dk_elem_a[e] = 1e-4 * random(&mut seed);
                s.dk_elem_b[e] = 1e-4 * random(&mut seed);
            }
            if round % 4 == 3 {
                s.k_elem[round % (n - 1)] = f64::NAN;
                s.sink[(round * 7) % n] = f64::NAN;
            }
            s.newton = round % 2 == 0;
            let scheme = if round % 4 < 2 {
                Bdf2::EULER
            } else {
                Bdf2::after(0.3 + random(&mut seed), 0.4)
            };
            let old_q: Vec<f64> = (0..n - 1).map(|_| random(&mut seed) - 0.5).collect();
            let old_sink: Vec<f64> = (0..n).map(|_| 0.01 * random(&mut seed)).collect();
            let (mut q, mut sink) = (vec![0.0; n - 1], vec![0.0; n]);
            element_fluxes(&grid, &h, &s, &mut q);
            booked_sink(&h, &s, &mut sink);
            let want_ends = (q[0], q[n - 2], sink[0], sink[n - 1]);
            blend_rates(scheme, &mut q, &old_q);
            blend_rates(scheme, &mut sink, &old_sink);
            let (mut booked_q, mut booked_sink) = (old_q.clone(), old_sink.clone());
            let (q_first, q_end) =
                book_element_fluxes(&grid.inv_dz_cm, &h, &s, scheme, &mut booked_q);
            let (sink_first, sink_end) = book_sink(&h, &s, scheme, &mut booked_sink);
            for (got, want) in [
                (q_first, want_ends.0),
                (q_end, want_ends.1),
                (sink_first, want_ends.2),
                (sink_end, want_ends.3),
            ] {
                assert_eq!(got.to_bits(), want.to_bits(), "round {round}");
            }
            for e in 0..n - 1 {
                assert_eq!(
                    booked_q[e].to_bits(),
                    q[e].to_bits(),
                    "round {round} element {e}"
                );
            }
            for i in 0..n {
                assert_eq!(
                    booked_sink[i].to_bits(),
                    sink[i].to_bits(),
                    "round {round} node {i}"
                );
            }
        }
    }

    /// Reference: `iter().sum()` over every value, bit for bit (sign of zero and NaN
    /// included), for sums with trailing zeros of either sign, all zeros, NaN, infinities, sums
    /// that cancel to zero before the trailing zeros, and random uptake profiles.
    #[test]
    fn sum_to_the_last_nonzero_value_is_the_whole_sum() {
        let mut seed = 41u64;
        let cases: Vec<Vec<f64>> = vec![
            vec![],
            vec![0.0],
            vec![-0.0],
            vec![-0.0, 0.0],
            vec![0.0, -0.0],
            vec![-0.0, -0.0, 0.0, -0.0],
            vec![1.0, -1.0, 0.0],
            vec![1.0, -1.0, -0.0],
            vec![-1.0, 1.0, -0.0, 0.0],
            vec![0.5, f64::NAN, 0.0, 0.0],
            vec![f64::INFINITY, 1.0, -0.0],
            vec![f64::INFINITY, f64::NEG_INFINITY, 0.0],
            vec![-1e-300, 0.0, 0.0],
            vec![3.0, 0.0, 2.0, -0.0, 0.0],
        ];
        let mut all = cases;
        for round in 0..200 {
            let n = 1 + round % 160;
            let roots = round % (n + 1);
            all.push(
                (0..n)
                    .map(|i| {
                        if i < roots {
                            0.01 * random(&mut seed)
                        } else if round % 3 == 0 {
                            -0.0
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            );
        }
        for values in all {
            let want: f64 = values.iter().sum();
            let got = sum_to_last_nonzero(&values);
            assert_eq!(got.to_bits(), want.to_bits(), "{values:?}");
        }
    }

    /// Reference: the running maximum of the changes one node after the other, as the step did
    /// before the lanes, and theta = w_new / volume per node, bit for bit, for columns of 0 to
    /// 13 nodes (whole blocks of lanes and rests) with NaN, infinite and zero changes among
    /// them and control lengths of 0 (infinite inverse) and 1 cm.
    #[test]
    fn largest_change_in_lanes_is_the_running_maximum() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for round in 0..300 {
            let n = round % 14;
            let w_new: Vec<f64> = (0..n).map(|_| next()).collect();
            let mut w_old: Vec<f64> = (0..n).map(|_| next()).collect();
            let inv_volume: Vec<f64> = (0..n).map(|_| 0.2 + 20.0 * next()).collect();
            if n > 0 && round % 3 == 0 {
                w_old[round % n] = f64::NAN;
            }
            if n > 1 && round % 5 == 0 {
                w_old[(round + 1) % n] = w_new[(round + 1) % n];
            }
            if n > 2 && round % 7 == 0 {
                w_old[(round + 2) % n] = f64::NEG_INFINITY;
            }
            for inv_control in [f64::INFINITY, 1.0] {
                let mut theta = vec![0.0; n];
                let got = water_contents_and_largest_change(
                    (&w_new, &w_old),
                    &inv_volume,
                    inv_control,
                    &mut theta,
                );
                let mut want: f64 = 0.0;
                for i in 0..n {
                    assert_eq!(theta[i].to_bits(), (w_new[i] * inv_volume[i]).to_bits());
                    let change = change_per_length(w_new[i], w_old[i], inv_volume[i], inv_control);
                    want = if change > want { change } else { want };
                }
                assert_eq!(got.to_bits(), want.to_bits(), "{n} nodes, round {round}");
            }
        }
    }

    /// Reference: the uptake loop as it was, node by node with branches, `salt_alpha` and
    /// `feddes_alpha` (uptake.rs), skipping nodes without roots or at residual water content;
    /// bit for bit for every salinity stress and basis, at demands below, between and above
    /// the Feddes h3 rates, with heads at and around h1 to h4, and NaN heads, concentrations
    /// and root weights among the nodes.
    #[test]
    fn uptake_without_branches_gives_the_node_by_node_bits() {
        use super::super::uptake::feddes_alpha;
        let mut seed = 5u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        // The benchmark crop's Feddes heads (h3 between -400 and -800 cm).
        let feddes = crate::column::test_problems::sorghum().feddes;
        let stresses = [
            SaltStress::None,
            SaltStress::MaasHoffman {
                threshold_ds_m: 4.0,
                slope_pct_per_ds_m: 7.1,
            },
            SaltStress::SShape {
                ec50_ds_m: 9.0,
                exponent: 3.0,
            },
        ];
        let n = 61;
        for round in 0..40 {
            let special = [-10.0, -25.0, -400.0, -800.0, -8000.0, 0.0, -5.0, f64::NAN];
            let h: Vec<f64> = (0..n)
                .map(|i| {
                    if i % 5 == 0 {
                        special[(i / 5 + round) % special.len()]
                    } else {
                        -(10f64).powf(4.5 * next())
                    }
                })
                .collect();
            let theta_r = vec![0.05; n];
            let theta: Vec<f64> = (0..n)
                .map(|i| {
                    if i % 7 == 3 {
                        0.05
                    } else {
                        0.05 + 0.4 * next()
                    }
                })
                .collect();
            let theta_s: Vec<f64> = (0..n).map(|_| 0.4 + 0.1 * next()).collect();
            let mut c: Vec<f64> = (0..n).map(|_| 40.0 * next()).collect();
            let mut roots: Vec<f64> = (0..n)
                .map(|i| if i > 40 { 0.0 } else { next() / 20.0 })
                .collect();
            if round % 2 == 0 {
                c[round % n] = f64::NAN;
                roots[(round + 9) % 40] = f64::NAN;
            }
            let tp = [0.05, 0.1, 0.3, 0.5, 0.9][round % 5];
            let tds = 0.64;
            for salt_stress in stresses {
                for salt_stress_basis in [SaltStressBasis::Ece, SaltStressBasis::SoilSolution] {
                    let plant = PlantSpec {
                        feddes,
                        root_distribution: super::super::RootDistribution::Uniform,
                        salt_stress,
                        salt_stress_basis,
                    };
                    let nodes = UptakeNodes {
                        h: &h,
                        theta: &theta,
                        c: &c,
                        theta_s: &theta_s,
                        theta_r: &theta_r,
                        roots: &roots,
                        tds_g_l_per_ds_m: tds,
                    };
                    let (mut unstressed, mut sink) = (vec![0.0; n], vec![0.0; n]);
                    nodes.fill(&plant, tp, &mut unstressed, &mut sink);
                    let (mut u_want, mut s_want) = (vec![0.0; n], vec![0.0; n]);
                    for i in 0..n {
                        if roots[i] == 0.0 {
                            continue;
                        }
                        let ec = match salt_stress_basis {
                            SaltStressBasis::Ece => c[i] * theta[i] / theta_s[i] / tds,
                            SaltStressBasis::SoilSolution => c[i] / tds,
                        };
                        if theta[i] - theta_r[i] > 1e-9 {
                            u_want[i] = salt_alpha(&salt_stress, ec) * roots[i] * tp;
                            s_want[i] = feddes_alpha(&feddes, h[i], tp) * u_want[i];
                        }
                    }
                    for i in 0..n {
                        let at = format!("{salt_stress:?} {salt_stress_basis:?} node {i}");
                        assert_eq!(unstressed[i].to_bits(), u_want[i].to_bits(), "{at}");
                        assert_eq!(sink[i].to_bits(), s_want[i].to_bits(), "{at}");
                    }
                }
            }
        }
    }
}
