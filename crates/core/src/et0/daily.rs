//! One day of FAO-56 Penman-Monteith ET0 from whatever weather a station has, with the fallbacks
//! FAO-56 documents for missing data (chapter 3, "Missing data"): humidity from Tmin (eq. 48),
//! solar radiation from the temperature range (Hargreaves-Samani, eq. 50), wind 2 m/s.
//!
//! [`daily_et0`] returns every intermediate quantity beside ET0 so that a user (and the tests)
//! can see where a number comes from.

use super::atmosphere::{atmospheric_pressure_kpa, psychrometric_constant_kpa_c};
use super::penman_monteith::{et0_penman_monteith_mm, DAILY_SOIL_HEAT_FLUX_MJ_M2};
use super::radiation::{
    clear_sky_radiation_asce_mj_m2, clear_sky_radiation_mj_m2, daylight_hours,
    extraterrestrial_radiation_mj_m2, net_longwave_radiation_mj_m2, net_radiation_mj_m2,
    net_shortwave_radiation_mj_m2, solar_radiation_from_sunshine_mj_m2,
    solar_radiation_from_temperature_mj_m2, KRS_INLAND,
};
use super::vapour::{
    ea_from_dew_point_kpa, ea_from_rh_max_kpa, ea_from_rh_mean_kpa, ea_from_rh_min_max_kpa,
    ea_from_tmin_kpa, mean_saturation_vapour_pressure_kpa, saturation_slope_kpa_c,
};
use super::wind::{wind_speed_2m_ms, DEFAULT_WIND_2M_MS};

/// Where the weather is measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Site {
    /// Latitude in decimal degrees, positive north (FAO-56 eq. 22).
    pub latitude_deg: f64,
    /// Elevation above sea level, m (FAO-56 eq. 7 and 37).
    pub elevation_m: f64,
    /// Height of the wind measurement above the ground, m (FAO-56 eq. 47; 2 for standard data).
    pub wind_height_m: f64,
    /// Hargreaves-Samani coefficient kRs for radiation from temperature, C^-0.5 (FAO-56 eq. 50:
    /// 0.16 inland, 0.19 coastal).
    pub krs: f64,
}

impl Site {
    /// An inland site (kRs 0.16) with wind measured at 2 m.
    pub fn new(latitude_deg: f64, elevation_m: f64) -> Site {
        Site {
            latitude_deg,
            elevation_m,
            wind_height_m: 2.0,
            krs: KRS_INLAND,
        }
    }
}

/// The humidity a station reports for a day, in FAO-56's order of preference
/// (chapter 3, eq. 14-19; eq. 48 when missing).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Humidity {
    /// Daily minimum and maximum relative humidity, % (FAO-56 eq. 17).
    RhMinMax {
        /// Minimum relative humidity of the day, %.
        rh_min_pct: f64,
        /// Maximum relative humidity of the day, %.
        rh_max_pct: f64,
    },
    /// Daily maximum relative humidity only, % (FAO-56 eq. 18).
    RhMax {
        /// Maximum relative humidity of the day, %.
        rh_max_pct: f64,
    },
    /// Daily mean relative humidity, % (FAO-56 eq. 19).
    RhMean {
        /// Mean relative humidity of the day, %.
        rh_mean_pct: f64,
    },
    /// Dew point temperature, C (FAO-56 eq. 14).
    DewPoint {
        /// Dew point temperature, C.
        tdew_c: f64,
    },
    /// Actual vapour pressure measured or derived elsewhere, kPa.
    VapourPressure {
        /// Actual vapour pressure, kPa.
        ea_kpa: f64,
    },
    /// No humidity data: ea from Tmin (FAO-56 eq. 48).
    Missing,
}

/// The solar radiation a station reports for a day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Radiation {
    /// Measured solar (shortwave) radiation, MJ m-2 d-1.
    Measured {
        /// Solar radiation, MJ m-2 d-1.
        rs_mj_m2: f64,
    },
    /// Bright sunshine duration, h (Angstrom formula, FAO-56 eq. 35).
    Sunshine {
        /// Hours of bright sunshine in the day, h.
        hours: f64,
    },
    /// No radiation data: Hargreaves-Samani from the temperature range (FAO-56 eq. 50).
    Missing,
}

/// One day of weather at a [`Site`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DailyWeather {
    /// Day of the year J, 1 on 1 January (FAO-56 eq. 23-24).
    pub day_of_year: u32,
    /// Minimum air temperature at 2 m, C.
    pub tmin_c: f64,
    /// Maximum air temperature at 2 m, C.
    pub tmax_c: f64,
    /// Humidity as reported.
    pub humidity: Humidity,
    /// Solar radiation as reported.
    pub radiation: Radiation,
    /// Mean wind speed at the site's `wind_height_m`, m/s; `None` when missing (2 m/s at 2 m is
    /// used, FAO-56 chapter 3).
    pub wind_ms: Option<f64>,
}

/// How clear-sky radiation Rso (the reference of Rs/Rso in eq. 39) is computed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClearSky {
    /// FAO-56 eq. 37: Rso = (0.75 + 2e-5 z) Ra (the FAO-56 default; Rs/Rso limited to <= 1).
    #[default]
    Fao56Elevation,
    /// ASCE-EWRI (2005) Appendix D: turbidity and precipitable water (as REF-ET computes it;
    /// Rs/Rso limited to 0.3-1.0 as ASCE-EWRI prescribes).
    AsceFull,
}

/// Method choices of [`daily_et0_with`]; [`Default`] is plain FAO-56.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Et0Options {
    /// Clear-sky radiation model.
    pub clear_sky: ClearSky,
}

/// Which FAO-56 fallbacks were used for a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fallbacks {
    /// ea from Tmin (FAO-56 eq. 48) because no humidity was given.
    pub humidity_from_tmin: bool,
    /// Rs from the temperature range (FAO-56 eq. 50) because no radiation was given.
    pub radiation_from_temperature: bool,
    /// Wind 2 m/s at 2 m because no wind was given.
    pub wind_default: bool,
}

/// ET0 of one day and every intermediate quantity of FAO-56 eq. 6.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Et0Day {
    /// Reference evapotranspiration, mm/d (FAO-56 eq. 6).
    pub et0_mm: f64,
    /// Mean air temperature (Tmax + Tmin)/2, C (FAO-56 eq. 9).
    pub tmean_c: f64,
    /// Atmospheric pressure, kPa (eq. 7).
    pub pressure_kpa: f64,
    /// Psychrometric constant, kPa/C (eq. 8).
    pub gamma_kpa_c: f64,
    /// Slope of the saturation vapour pressure curve at Tmean, kPa/C (eq. 13).
    pub delta_kpa_c: f64,
    /// Mean saturation vapour pressure, kPa (eq. 11-12).
    pub es_kpa: f64,
    /// Actual vapour pressure, kPa (eq. 14, 17, 18, 19 or 48).
    pub ea_kpa: f64,
    /// Extraterrestrial radiation, MJ m-2 d-1 (eq. 21).
    pub ra_mj_m2: f64,
    /// Daylight hours, h (eq. 34).
    pub daylight_h: f64,
    /// Clear-sky radiation, MJ m-2 d-1 (eq. 37).
    pub rso_mj_m2: f64,
    /// Solar radiation, MJ m-2 d-1 (measured, eq. 35 or eq. 50).
    pub rs_mj_m2: f64,
    /// Net shortwave radiation, MJ m-2 d-1 (eq. 38).
    pub rns_mj_m2: f64,
    /// Net longwave radiation, MJ m-2 d-1 (eq. 39).
    pub rnl_mj_m2: f64,
    /// Net radiation, MJ m-2 d-1 (eq. 40).
    pub rn_mj_m2: f64,
    /// Soil heat flux, MJ m-2 d-1 (eq. 42: zero for a day).
    pub g_mj_m2: f64,
    /// Wind speed at 2 m, m/s (eq. 47 or the 2 m/s default).
    pub u2_ms: f64,
    /// Which fallbacks were used.
    pub fallbacks: Fallbacks,
}

/// Daily FAO-56 Penman-Monteith ET0 (Allen et al. 1998, eq. 6) with its intermediates.
///
/// Steps: P (eq. 7), gamma (eq. 8), es (eq. 11-12), Delta at Tmean (eq. 13), ea by the best
/// humidity available (eq. 14, 17, 18, 19; eq. 48 when missing), Ra (eq. 21-25), N (eq. 34),
/// Rs measured or from sunshine (eq. 35, a_s 0.25, b_s 0.50) or from the temperature range
/// (eq. 50 with the site's kRs), Rso (eq. 37), Rns (eq. 38), Rnl (eq. 39), Rn (eq. 40), G = 0
/// (eq. 42), u2 from the site's wind height (eq. 47 unless measured at 2 m; 2 m/s when missing).
///
/// The inputs are assumed validated (Tmin <= Tmax, relative humidity within 0-100, wind >= 0);
/// the `scenario` crate does that with located errors.
///
/// # Example
/// FAO-56 Example 18 (Uccle, 6 July; published ET0 3.9 mm/d):
/// ```
/// use aralkum_core::et0::{daily_et0, DailyWeather, Humidity, Radiation, Site};
/// let mut site = Site::new(50.8, 100.0);
/// site.wind_height_m = 10.0;
/// let day = DailyWeather {
///     day_of_year: 187,
///     tmin_c: 12.3,
///     tmax_c: 21.5,
///     humidity: Humidity::RhMinMax { rh_min_pct: 63.0, rh_max_pct: 84.0 },
///     radiation: Radiation::Sunshine { hours: 9.25 },
///     wind_ms: Some(10.0 / 3.6),
/// };
/// let et0 = daily_et0(&site, &day);
/// assert!((et0.et0_mm - 3.9).abs() < 0.05);
/// assert!((et0.rn_mj_m2 - 13.28).abs() < 0.01);
/// ```
pub fn daily_et0(site: &Site, day: &DailyWeather) -> Et0Day {
    daily_et0_with(site, day, &Et0Options::default())
}

/// As [`daily_et0`], with a choice of method where FAO-56 and ASCE-EWRI (2005) differ (the
/// clear-sky radiation model, [`ClearSky`]).
pub fn daily_et0_with(site: &Site, day: &DailyWeather, options: &Et0Options) -> Et0Day {
    let mut fallbacks = Fallbacks::default();
    let (tmin, tmax) = (day.tmin_c, day.tmax_c);
    let tmean_c = (tmin + tmax) / 2.0;

    let pressure_kpa = atmospheric_pressure_kpa(site.elevation_m);
    let gamma_kpa_c = psychrometric_constant_kpa_c(pressure_kpa);
    let es_kpa = mean_saturation_vapour_pressure_kpa(tmin, tmax);
    let delta_kpa_c = saturation_slope_kpa_c(tmean_c);

    let ea_kpa = match day.humidity {
        Humidity::RhMinMax {
            rh_min_pct,
            rh_max_pct,
        } => ea_from_rh_min_max_kpa(tmin, tmax, rh_min_pct, rh_max_pct),
        Humidity::RhMax { rh_max_pct } => ea_from_rh_max_kpa(tmin, rh_max_pct),
        Humidity::RhMean { rh_mean_pct } => ea_from_rh_mean_kpa(tmin, tmax, rh_mean_pct),
        Humidity::DewPoint { tdew_c } => ea_from_dew_point_kpa(tdew_c),
        Humidity::VapourPressure { ea_kpa } => ea_kpa,
        Humidity::Missing => {
            fallbacks.humidity_from_tmin = true;
            ea_from_tmin_kpa(tmin)
        }
    };

    let ra_mj_m2 = extraterrestrial_radiation_mj_m2(site.latitude_deg, day.day_of_year);
    let daylight_h = daylight_hours(site.latitude_deg, day.day_of_year);
    let rso_mj_m2 = match options.clear_sky {
        ClearSky::Fao56Elevation => clear_sky_radiation_mj_m2(site.elevation_m, ra_mj_m2),
        ClearSky::AsceFull => clear_sky_radiation_asce_mj_m2(
            site.latitude_deg,
            day.day_of_year,
            pressure_kpa,
            ea_kpa,
            ra_mj_m2,
        ),
    };
    let rs_mj_m2 = match day.radiation {
        Radiation::Measured { rs_mj_m2 } => rs_mj_m2,
        Radiation::Sunshine { hours } => {
            solar_radiation_from_sunshine_mj_m2(hours, daylight_h, ra_mj_m2)
        }
        Radiation::Missing => {
            fallbacks.radiation_from_temperature = true;
            solar_radiation_from_temperature_mj_m2(tmin, tmax, ra_mj_m2, site.krs)
        }
    };
    let rns_mj_m2 = net_shortwave_radiation_mj_m2(rs_mj_m2);
    // ASCE-EWRI also bounds Rs/Rso below by 0.3; raising Rs to 0.3 Rso inside eq. 39 only is
    // exactly that bound (eq. 39 limits the ratio above by 1 itself).
    let rs_for_cloudiness = match options.clear_sky {
        ClearSky::Fao56Elevation => rs_mj_m2,
        ClearSky::AsceFull => rs_mj_m2.max(0.3 * rso_mj_m2),
    };
    let rnl_mj_m2 = net_longwave_radiation_mj_m2(tmin, tmax, ea_kpa, rs_for_cloudiness, rso_mj_m2);
    let rn_mj_m2 = net_radiation_mj_m2(rns_mj_m2, rnl_mj_m2);
    let g_mj_m2 = DAILY_SOIL_HEAT_FLUX_MJ_M2;

    let u2_ms = match day.wind_ms {
        // Eq. 47 gives 1.0002 uz at z = 2 m (its constants are rounded); a 2 m measurement is
        // used as it is.
        Some(w) if site.wind_height_m == 2.0 => w,
        Some(w) => wind_speed_2m_ms(w, site.wind_height_m),
        None => {
            fallbacks.wind_default = true;
            DEFAULT_WIND_2M_MS
        }
    };

    let et0_mm = et0_penman_monteith_mm(
        delta_kpa_c,
        gamma_kpa_c,
        rn_mj_m2,
        g_mj_m2,
        tmean_c,
        u2_ms,
        es_kpa,
        ea_kpa,
    );
    Et0Day {
        et0_mm,
        tmean_c,
        pressure_kpa,
        gamma_kpa_c,
        delta_kpa_c,
        es_kpa,
        ea_kpa,
        ra_mj_m2,
        daylight_h,
        rso_mj_m2,
        rs_mj_m2,
        rns_mj_m2,
        rnl_mj_m2,
        rn_mj_m2,
        g_mj_m2,
        u2_ms,
        fallbacks,
    }
}
