//! Reference evapotranspiration ET0 by the FAO-56 Penman-Monteith method (Allen, Pereira, Raes &
//! Smith 1998, *Crop evapotranspiration*, FAO Irrigation and Drainage Paper 56, chapter 3 and
//! eq. 6), daily time step.
//!
//! One public function per FAO-56 equation, named for the quantity it returns, with the equation
//! number in its doc comment ([`atmosphere`], [`vapour`], [`radiation`], [`wind`],
//! [`penman_monteith`]); [`daily`] strings them together for one day of weather with the
//! documented fallbacks: humidity from Tmin (eq. 48), solar radiation from the temperature range
//! (Hargreaves-Samani, eq. 50), wind 2 m/s when missing, soil heat flux G = 0 for daily steps
//! (eq. 42).
//!
//! # Units
//! Temperatures in degrees C, vapour pressures in kPa, radiation in MJ m-2 d-1, wind in m/s,
//! lengths in m, ET0 in mm/d (FAO-56 units throughout).

pub mod atmosphere;
pub mod daily;
pub mod hourly;
pub mod penman_monteith;
pub mod radiation;
pub mod vapour;
pub mod wind;

pub use daily::{
    daily_et0, daily_et0_with, ClearSky, DailyWeather, Et0Day, Et0Options, Fallbacks, Humidity,
    Radiation, Site,
};
