#!/usr/bin/env bash
# benches/lookalikes.sh: fetch the look-alike set of benches/robust.sh (issue 16): 168 distinct
# real astronomical photographs, each one centred object (galaxy, nebula, cluster) on a dark sky,
# from Debian 12's stellarium-data package, into a cache directory. Nothing is committed.
#
#   benches/lookalikes.sh           fetch (if needed) and print the directory
#   benches/lookalikes.sh --check   only check the cache; exit 1 if a file is missing or differs
#
# Why these: distinct images that share one layout (a bright centred object on a near-black
# field) are what a global perceptual hash confuses, and Stellarium ships ~550 such photographs
# under stated licences. The selection: every PNG in nebulae/default of at least 256 px a side
# in RGB, palette or grey mode, one image per catalogue object (the part of the name before '-',
# so m96.png and m96-vasey.png are not both taken), no two files with the same bytes, sorted by
# name, every third one. Idempotent: files already there with the pinned SHA-256 are kept.
set -euo pipefail

usage() {
    cat <<'USAGE'
Usage: benches/lookalikes.sh [--check] [--quiet]

Puts 168 PNG photographs (256 to 1024 px, one astronomical object on a dark sky each) into
  ${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}/lookalikes
with MANIFEST.tsv (file, SHA-256, bytes, package, version, path in the package, credit) and
LICENSES/ (the package's copyright file and Stellarium's per-image credits, textures.json) beside
them, and prints that directory on stdout. Source: Debian 12 (bookworm) stellarium-data=0.22.2-1
via apt-get download (~246 MB .deb, removed after extraction). Every file is checked against the
SHA-256 below; a mismatch is an error.

  --check     do not download: exit 0 if the cache is complete, 1 if not
  --quiet     no progress on stderr
  -h, --help  this help

Environment:
  PROOFCTL_BENCH_CACHE  cache root [${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench]
USAGE
}

CHECK=0
QUIET=0
while (($#)); do
    case $1 in
        --check) CHECK=1 ;;
        --quiet) QUIET=1 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "lookalikes.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done

log() { if ((!QUIET)); then printf '==> %s\n' "$*" >&2; fi; }
die() { printf 'lookalikes.sh: error: %s\n' "$*" >&2; exit 2; }

CACHE=${PROOFCTL_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/proofctl-bench}
OUT=$CACHE/lookalikes
PKG=stellarium-data
VER=0.22.2-1
INNER=usr/share/stellarium/nebulae/default
COUNT=168

# File in the package's $INNER, SHA-256, credit (from the package's textures.json). The cache
# names them stellarium_<file>.
FILES=$(
    cat <<'TABLE'
GammaCygni-vasey.png	101b6d1a3d06a1644e567847bbb0e8c87d2093bdf893bcb0805a51db4296d322	Plover Hill Observatory
abell31.png	358134909ddf7d6300000f30a2e79f26fd24200fcdcbe8c8fb16ee6530f2ec79	Adam Block/Mount Lemmon SkyCenter/University of Arizona
abell85.png	035d1fa1b78c7f7cd4fa19ff5b8ef9d1bd88cdf6642442a5365f44bd833a0621	Keesscherer
barnard173-vasey.png	8e50df57af3f9df161c27d188ff389f73214ffe079fb39ab37d3dc2de1c08824	Plover Hill Observatory
barnard72.png	8f7ef03e73eb176f9b02f693de53fa64a2216fb7d145db9c7e62d7f089e0420b	Friendlystar
cas.png	973bc82d4d3a8a01a8e8f265a367e37ff7c86a522150bf8bbdd7373a80bf6d11	Zhang Ruiping
darkshark-vasey.png	fd0b183f5db62e3f1abcb649906c7854c97a6a9571761132827e1682682bd9aa	Plover Hill Observatory
hercules_cluster.png	1398401ae7bb4a41072ae5e5ee5f0529dc27fbe41a1ccdfa85e0e8ad1af5d892	NASA
ic1295.png	6cc5c420aa8fbf94a80077ba403398679e5322a5ef7be3f26d067580edc50664	ESO
ic1805.png	887745884e95a508768bb35a1f52a60a3863e32ee32d2358db3d0bea6c36aa66	Aldeabaran66
ic2169.png	5a148b11caf04d67ae19e408d3c5d4e6768e57a21b86bc3a1dd4a2be04ad69b3	Keesscherer
ic2395.png	efcfbe2a780bd7a74d7d6b26480e082877e5ea405b9d8b6466be5c48c86952ea	Roberto Mura
ic2944.png	f5d4040fddf7ba3d2c4e4b998f5bc5dda78aa59ca845c64b5e7e0ab6492d26b3	Dylan O'Donnell
ic3568.png	bd1b559898401a858c5958bf6f2ddf19e716554463b61c259e10f4af0caaa81d	Howard Bond (Space Telescope Science Institute), Robin Ciardullo (Pennsylvania State University) and NASA
ic423.png	77241b9a609b7c12c621029660e221b56c72c8868996d484162f0630badb313c	Astrowicht
ic443-vasey.png	76d65ae48daa269a74e89858f3e053ac0cf57412790db21a95e68ad3f2e513b6	Plover Hill Observatory
ic4593.png	6b49d470f509ff67571efe6462bf46a6f8ea64640ca296e884e2e4f58db2aba8	NASA, ESA, and The Hubble Heritage Team (STScI/AURA)
ic4756.png	c943dd27c53c02f9775505b98ee7f0c20d0755c0489f7231323343dcff234209	Roberto Mura
lbn438.png	159ee0f5244404f1d3ed99195cd474633db4bdd4475f9bde3f3cd01711b521a6	Adam Block/Mount Lemmon SkyCenter/University of Arizona
ldn673.png	58423a4c4884a49c13b9c5848ff86fe26db8e3cbf6af4e2948adda5c0d35b295	Bart Delsaert
lmc_02.png	44d7bbad6320ea9311c176c2bee1d88c278d3d846b61ace04230b6dc6ca99de7	ESO/R. Gendler and Sun Shuwei
lmc_05.png	af04378595798c96b7834d486bd8fb7cb51bc4e2cc070dd71e253b0513fa0fed	ESO/R. Gendler and Sun Shuwei
lmc_08.png	348da78a955de581bafed87817ed3217dfa32e23aa2c7de4b329cda3a670ee5b	ESO/R. Gendler and Sun Shuwei
lmc_11.png	1cb8154241010da9dd3a1e4c3fe15a78464c084a83fe7a9c54c9c31e28f2d6c5	ESO/R. Gendler and Sun Shuwei
lmc_14.png	dd90137ebf697b6d84ceabfaa36dd0cc9fb8000d5f253eae6194f4a266fd7a53	ESO/R. Gendler and Sun Shuwei
m10.png	620b6ef1dcd8e3ad0de34656f0125f9f33dcee65fb53435e5d682f36eb96d0ac	Starhopper
m102.png	14d5b7f5e6811dc2a880d86e0a94f8e0964a08b4212d0b666521967f2a02aad4	Starhopper
m105-vasey.png	bba54de0215d88942b40c9cd4d7f8aa2d7f7275728983817e68257a10a6e225f	Plover Hill Observatory
m108.png	94f0c1da6f818677fc0ea56943e48ff5767625942a43a744be7e4a364e11f7f4	Hewholooks
m12.png	fc403d34fa162753e66ea58662e2417e49327b473bec7a054992e8bca9f584fd	Hewholooks
m15-vasey.png	1ab7f65e87f8b7d6a1a8ccaedebac624b483d0bbf1edd10c9bfe7a8aaaea9311	Plover Hill Observatory
m18.png	75c1118dc5d463651feb0a9ddac95df4d0ab5086affeea866e66301378db337e	Grasslands Observatory
m2.png	f6447c8c8fcb12e99cdc1d4929b15fbe515ef45f08b292dc96da188234f5c70b	Starhopper
m22.png	e8bc3eb530271e0226f42880a130477dc78860cfb99ed0723fe50e4697fb91c5	Hewholooks
m25.png	254437d5b5690de028edc349ab066ef65c58a204f72eaf72fdd269e747904bcb	Grasslands Observatory
m28.png	5fb172b8d140e54da6e95e0de1e0cb8f22536f85dd7191b675840caa80b80def	Starhopper
m30.png	41bae3d5275b897d2f9e12986e8fa56098c9fad64293297bb51c113e7d44d279	Starhopper
m34.png	042d4c22e75453603cc8722ff10069e1957c7bf5db2e81d773676498d4467764	Grasslands Observatory
m37.png	49d8f581c99b54bc34501d66a7a2c1989b0b69864a99183cc7a82a5c4a437835	Grasslands Observatory
m4.png	9459e1943fb849d3dd9d6a3894890ade58d4c5cc040144279a297cbf1a2c33ee	Hewholooks
m44.png	b899fdf6781efd8d331f0554a7883f5cdb01dde88a10748079975d7b5591bc4e	Giuseppe Donatiello
m48.png	b9504e4c088f46f1c18f8d304ae571436702e1b8236b25a21e7d0c3b8c747e52	Grasslands Observatory
m50.png	79c024888b5d7bf97f29938a5d4152cacec4e410217026346e812abc257caf88	Grasslands Observatory
m53.png	280cde4af07672106d89d1d66ff3b3e62fce58dd64ba805e36d1c66e2b9032a8	Starhopper
m56.png	d9bde161fd1dcdb841c47fd09869dd851035cb7c4b0b802649edb49f5ad8196f	Hewholooks
m59.png	772703e84fac9760d15275c0438f9ba93f036d5a6e0414c811159ec5f26a9c3b	ESO/Digitized Sky Survey 2
m61.png	b6672c5af6620596bb0beb338d9030766d943bb20154fc21d252ef9397eb1955	Adam Block/Mount Lemmon SkyCenter/University of Arizona
m64.png	6bd2fde221b2078b5f0793588fe5b4b071aa8bb3b272bd83569043d42e66cd29	Adam Block/Mount Lemmon SkyCenter/University of Arizona
m67.png	73ff78803ad4ce8c1e48458a9c00f8a6a911860f7c8a9ba500be1b424368f821	Grasslands Observatory
m71.png	c9b9d4468eeec27b1a0882b390557d1a8243b77a7281036754a1a7c9db66c7ea	Starhopper
m75.png	8cc9a900e01f2639f4f747404d1bda0710347db0612a78053ad3e832510ae185	Starhopper
m78.png	7f804d7a6adb14290ebc194e5774f65f2dfaa00499c5e2f71b0bc7cadfb0c412	Starhopper
m80.png	5a1b04f5e2005347d8049ec6a9710c079d965cb145489beb3ceaebf75debcf57	Grasslands Observatory
m83.png	f70e09dd2d9249ab826d19f809f75055c3f0077dc7d5097ff056e06a26f2d952	TRAPPIST/E. Jehin/ESO
m89.png	1eee06ede4d3c87235a8ff3edb0f8ae0878e21cf23cf014b7171ae5097cdd4bc	ESO/Digitized Sky Survey 2
m91.png	a986a8e6d6334e3fd890d298f6d8b8757c5d649972216c8a5f8b3a102cbf7d81	Adam Block/Mount Lemmon SkyCenter/University of Arizona
m94.png	1e20357d780207d1726c0535d998b9750947b9ff61fdff80f31fddf3e93023a9	Starhopper
m97dumont.png	3fd8dae89ddb979d819c16e07a090e7e3905b7fb3814a3446d6fd0e4a118d2dd	Stephane Dumont
n1023.png	3abd717120666c09b774acd8e6087b72620eaf8773e4372269ab669ad0b37639	Fryns Fryns
n1055.png	0931ca2e25b915c0c640d6c8037692e029e84f64646b231adac078a80020f210	Jeffjnet
n1261-dss.png	7f91084459c5c943d45876f2d694e69234364afd126e0872c361933338f32a86	DSS
n1313.png	157e3a904baf841ed6b4a66f1a25c30c915efbbb9ffdb3a72754fbe79f031e6e	ESO
n1360.png	9e4d53075be6e5f2fb219e5aaa502a166acbacbd905b94f2ceb0725d0777ccbe	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n1407-dss.png	45173232540dfe5cccbe05d44ac7c708efceef8d07e49b18ca71f773976d32ba	DSS
n1491.png	7785d1ef499a6274b0c5abe70db34db63b5a5e607989096f3f4ef8a561c4ae57	Chuck Ayoub
n1502.png	a866e4d0c38e07588cb8f19c4b005957b85a9db3fdb68ef0282fc32d921e5388	Kamil Pecinovsky
n1535.png	a6d03a33e60156219c57c8c14f8e55a647993d961d3bc462225b184969f657cb	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n1560-dss.png	80c777a749072f0fde077d760dc1cc00363583a4965917def12868c41faf0c22	DSS
n1672.png	abb3d8cdd64a93ded3267633810a1932394af60c799fe6b741ca88bd0a06e7ff	Davide De Martin (ESA/Hubble), the ESA/ESO/NASA Photoshop FITS Liberator & Digitized Sky Survey 2
n1808.png	0f4ce9cf359fd62460eea98650f7a4a8b189ddf03e1171d27156076a03f99961	DSS
n1931.png	bcc80c7a605802288dc3d631799995c6adf6ca35ca162c958aae2cec32abb188	DSS
n2022.png	0d9c56303d23980db7f21e6f7e00689e7c39467faa0c2b747df83c501af2aae6	ESA/Hubble & NASA, R. Wade
n2170.png	0113ddd8cf0af3baf02d5668f0ebc2ea4e3376d14566e9083943555513fc3277	Rogelio Bernal Andreo
n2244.png	a1a8b2f040a98f1f7862414f5b6d4b1c4dbab6a8e57bcaa95608b2269ab287a3	Keesscherer
n2282.png	57675e0d9196973a09507a8dd2030179fd396472a03c5d4d861f111cc4b82cc5	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n2362.png	ed2f65fdbd8be58c08c8318b41119d705344319c5b6392366c0042207e128b6e	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n2392-vasey.png	14d20dd3d4ecf5271bb7d1c951f4a87a7bbaacd7d81754577a20726de2a12fbe	Plover Hill Observatory
n2440.png	6557cc33841bf8c25b86bb4c7de918e8365e1fa6b31663e8ce7f0caa70d49461	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n2467.png	9dc0ee7a6102477f54e751f3c97b54257df726ccd80767d6ce62623511b9b23c	SunShuwei
n2506-vasey.png	ee7c9db43cb34ceb454947542719f56dc02763561fe4feb3645479373b6d52ef	Plover Hill Observatory
n2547.png	7e1d6066e3b54549b3ca7ef9e4e0c7d05c43f2486e5d055ad4502b42de4d6497	ESO/J.Perez
n2655-vasey.png	4947e1076bcf0126057df5f414dcdf62ecef2f08315dc1b85f79e174950a5ae3	Plover Hill Observatory
n2736.png	3b33440fec5a3cebd42b7c8c83b8f0a6345c76f7af73f753f69218b6c164aeb0	ESO
n2808.png	512b53837d01fb65030e510ab29902e723b7b3972689c9074defe5cc95c91a53	NASA
n2841-vasey.png	2d2d5cf27d00ac3fa82222a495f4a018fb3c6a09b1d6a57e313357c223d8a4aa	Plover Hill Observatory
n2936.png	c0029e7c5dc7e9ad7c6e9b25ac59efabf5194c9d218bbb113b324d65cb530797	NASA, ESA, the Hubble Heritage (STScI/AURA)-ESA/Hubble Collaboration, and A. Evans (University of Virginia, Charlottesville/NRAO/Stony Brook University)
n300.png	c9dacb8ce29b954274a302026d9e477fe9ac1f3b48bf9dc753ccdb83674c8c90	ESO
n3109.png	8ba1774fe9cc3e402f712027c2676c19e3c731cccdac0e39bca116653c23fb67	Wang Lingyi
n3132.png	28b22bcecb3e1dbee73c3a674442c9fc931a2bcc0a8812f08d7d6945e85ddeec	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n3195.png	645b85e3267bfeda586e5ef4e77dc04ec76ce9b37852473aff1bf2375154c3a5	Zhu Ying
n3201-dss.png	ff98956a9b133e784a447cade8533c73fd7cd1b45906da6a17d007430264d6ae	DSS
n3293.png	1e5080500785af620334b0bd6d7466761c996cc54c942f35ce0f35fa83966156	ESO/G. Beccari
n3344-vasey.png	4655143c283ee08f0c7136dff2a1cc4350c95fcbf482913156db14e7569b49f8	Plover Hill Observatory
n3504-vasey.png	79fdcabef7c25ee557473dee73304f71dc203f0e52371f0d44b18f8720d232af	Plover Hill Observatory
n3572.png	a2d71d9f9af1a52351617f6c0edc9896bd904634d8c5b81d0e537b8228d9a45c	ESO/Digitized Sky Survey 2
n3621.png	14152e6c9aea78d24111d005acaf870fb6716a798c422710caa6997a531cd384	ESO and Joe DePasquale
n3640-sdss.png	93a20cfc78310a1e4a09688505a9f6b3b2b1bcb1addb2d08afb50f5be421747c	SDSS
n3750.png	7ca40efc0a78c0934fbec8176ff7062ef4135faa382284416924dcd82465536c	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n3923-dss.png	ca2e8446e149584f906bca0c814471bb6dff9b470d2b494e9dc4c49007dbed7f	DSS
n4038-9.png	f57ac3527344fe94d47770a6616b3d3a8279bbdbb68fdf703550fb77116659be	NASA, ESA, the Hubble Heritage (STScI/AURA)-ESA/Hubble Collaboration, and A. Evans (University of Virginia, Charlottesville/NRAO/Stony Brook University)
n4151-vasey.png	eaa315c6e7db1f44a1ce3e44fc6f9a87af6ca1d2f96b15ee6322bde127ae0203	Plover Hill Observatory
n4228.png	117e30fef8f994a7f529ae15dce21f26348be0999235f8c3c380019fce5b6d97	Ole Nielsen
n4274-dss.png	dc919f961a65e49affef88484733bd9b273dbeaebc994e8682b7849fa1aabfcf	DSS
n4372-dss.png	e3551b3872b5d10a191cc53369d260a1205b91560d403c714149a570aad427fa	DSS
n4414.png	622045ab82be2404045dc33f643b0fa9cc606e9960459d53fa85b16a96a698e8	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n4490.png	39f6f91288b3af4fdc25ffbd632dfcc4382491a39499338ffab2b3d36e4a99bd	Jschulman555
n4535-vasey.png	b9508d49c7ca6e7fa94c2ebcc0417cf1bd14e9ee7a7a6fb17431e2b02e867982	Plover Hill Observatory
n457-vasey.png	9a4b27649beef47a20e12c19c053d4abaa8c15d706134128211c949d87878eef	Plover Hill Observatory
n4656-vasey.png	5a07ee0728a32baaa9b39502907ef0c83bdd03a9c8e5d0506f5d39ca888ca09a	Plover Hill Observatory
n4725.png	016f2e82743c1c1fd9d866d30eaaa9f96e2c1d26cc06630e8352971866f3ef81	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n4833-dss.png	1efb01c2cbcb6bf73853d9bf8ecce18d4be40fe24771ba01641cdc5dad8083b2	DSS
n5005-sdss.png	da9b6a87e2e17623942b694c1569b87e9ff829d731ec7b4bd79c7a41d9c042ed	SDSS
n5068-sdss.png	48de8aa6774203cd7de0412eb817e2981c00b1b5ce6c126fc504eceb1eb9256f	SDSS
n5139.png	a29826c62ac028817cd259da96bfe99ced2816af24ef0b54badc38e4aba9ad3c	Jose Mtanous
n5216.png	9eadb2da2580bae00775050475ab1acefe3cc719adbf0e9cc44d80d3d713a6ba	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n5286.png	ff32cf6e6d3038c885824d96cead4098b337d9e82ec8d84d5809e8788c9008a7	Kong Fanxi
n5367.png	e439d4db775881e8c5ddcb40bb410c39785e13aceb827633804c10f59f8cf440	DSS
n5474.png	bcfa31628950335b5c2fb617cf68cb616554b439c2806a70aadc26452ee80dd6	Wang Lingyi
n5694-dss.png	77ecc92f57590a439b1ea2e8321edc720d622107114a72d5168002af8e1955c2	DSS
n5897.png	6b842982a3d46f55ffedcd723ef420e250ceaa96656ffe3d89a5aea15a0716ae	San Esteban
n5986-dss.png	9b09a2720430e64062c4f42c853e98bd1b4c796579d978f8b86e0c11214daf7e	DSS
n6050h.png	8a0f6a39681d8387704ec071b5db88fc1847364809d43d1832ac255dfbb08246	NASA, ESA, the Hubble Heritage (STScI/AURA)-ESA/Hubble Collaboration, and K. Noll (STScI)
n6124.png	8eb5df1893faa59553dc3b53f49934eec23263aa17a3f68578d2b4adff930dc3	Roberto Mura
n6188.png	1ae22db95ffc7f097d8cfe400e5adacf3fbaa192948a8cd4ac45c3857ab25227	Ivan Bok
n6235-dss.png	c120e546ae3b3b36f565d0fc1779cf080837ff3bcd11dda05158382ae5d74a00	DSS
n6293.png	8045b6f5fd67f65d1d83fe5c301007b832e3263e35efefe184aa8f189e897406	2MASS
n6309.png	4652c18e17969a2f76b4977f05ab3106c46d98a62487d046b6938592fe2fc522	Fabian RRRR
n6352-dss.png	4b2c1addf6b91b323a0ce073a9aa56ad6d69cd09872ffd16d619dca6db406314	DSS
n6362.png	ef4f416effa001f32c18a01343b183fa6f7ef70f19059304a9cb60164e77030b	ESO
n6388.png	bc3411bd608aa6327bbf648e16992203e58b1df5fc54e9c4237b665dc36592aa	ESO, F. Ferraro (University of Bologna)
n6441-2mass.png	148db540618833a11b2e86cb79c0bd0116b27f80c407abfb5e8f1300305d03f8	2MASS
n6503.png	8e6ae3a7d9f3b43096411add5121b1c086b67a2a29a42c3409ab1ec21d6d5a29	NASA, ESA, Digitized Sky Survey 2
n6539.png	174cfe0b227370ad469607ca26f7f864211f94ecab30bfa718269495b75464ce	DSS
n6543.png	f41783cf3a0367651a5f18d7222df54663e1afd809e9e64d2501e59575810840	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n6569.png	1704e6648957225d944f9adba972079e73159f50bb0a2a1e46396ff500f10f2d	2MASS
n6590.png	30866d675ac832cc47bd5c1b1e59fc9a9a3198a6365e85eb2a5660ce614f7b9d	Sun Shuwei
n663.png	ff48fafbb82e329a782fd3cc614488db654438f2309548b9eda49ecc25b791c7	Hewholooks
n6712-2mass.png	9b9e723c732ad69bfe3a6103dba42b4659dbf8fef4fc698887a64e194a5e5b49	2MASS
n6744.png	d86798b5a9b14a15d9b36573ba1a25a3cde0fe80e40625f8086153602d71ddee	Zhuokai Liu, Jiang Yuhang
n6769.png	b3d6b058c118cb9378bc6d9b488e202dd8ac6823256c5c5f27e11020b4de54ba	ESO
n6822.png	58a2272620cfdb8d51034d0470bd9eacb16eb34840cc3c6fe2e214a1d65593ba	ESO
n6888.png	596d63bc1c99f4444ddf01e13e85fdb8af8e66e55ce95b67ee186f9958f660c7	Jschulman555
n6905.png	8c51e032030dec7da8e8e69926f4494b304b5764cc66e73781b166792bfc9203	Tom Wildoner
n6934-dss.png	55d89bd9577ad79857214103c1de83118a6a17d93983c13328c9e81191b41fd2	DSS
n7000.png	04f39cd9db508562d2bb19b2fe5ece2bd16dc490e04c9b5e8258230ee79f380d	Adam Block/Steward Observatory/University of Arizona
n7009.png	87a415268eafd501a0c7dff9c5208221747e419e1e7ea79f571398acb72ed94f	ESO/J. Walsh
n7293.png	c16dd361870467cb9af6e8e5815a1c4bde13d4b2327955205dbf6ddd2a4348da	Dylan O'Donnell
n7354.png	912787d5a0f8406ab4facacee036c776906e8bfb0ede173886249a3c9854f94a	Adam Block/Mount Lemmon SkyCenter/University of Arizona
n7479-vasey.png	b396fc8cb68e779e4b89c0492db2ea88a86775a73368fc013030e88a524890e8	Plover Hill Observatory
n752.png	254cb669e7a4c91fde63a22dbe677b10ef2e3015aa263dfa51b2d5f9a1d65022	Tayson82
n7635-vasey.png	4668dfb45417a16735cf5ecf679af03c840f78091c4e7c68cb83659fcb4d2644	Plover Hill Observatory
n7714.png	73f9e0fc3f2b0cb2d808eed6846b65781614e84c5b45ab2364cd7c1223fe7d9e	NASA, ESA, Digitized Sky Survey 2
n7789-vasey.png	db017d0350c70aaffe0c71e8b9033cadab780d2b03bca461e67574366cf56a64	Plover Hill Observatory
n7822.png	ddb591b68cc2c00ed4d25e986a5c15dbb58bd24cf3561d79dcc34666e6ae50e9	Adam Block/Steward Observatory/University of Arizona
n908.png	14b3ee65d14cd47c277af9cf1e0b8253b60b6146d9f9b48cb5d348564858b04b	ESO
n925.png	fede223c48a5e930e30dc84cdde66d478c9ecfe4abbfbabd4d0bd334c070dc42	Jschulman555
p143.png	a9b0db909b27669aacd8e8e7ff11f2d24e5568f28c773dc7bad86c6b1cfdcfd7	Starhopper
p33423.png	5f593d11312d21c2dd7636ce2e1bbd0bb10c198ca2718c12e83b5375586bec65	NASA, ESA, the Hubble Heritage Team (STScI/AURA)-ESA/Hubble Collaboration and A. Evans (University of Virginia, Charlottesville/NRAO/Stony Brook University), K. Noll (STScI), and J. Westphal (Caltech)
p54392-sdss2.png	31dfa58f56e70ee818923fb1caffb807dfe2aaeb7ade0731ea969911c060eb79	SDSS II
pleiades.png	23acdce03418f08f4eb004f408272f1cbc2cc8f3fc8cedb22e32865535bb128a	HG731GZ
rcw38.png	ea80164a46b1b3873ad6f174b7af063c002233e99aa60d1bce2efcdb6079b7cd	ESO/Digitized Sky Survey 2
red_rectangle.png	d380a1a17a3b05da0057168ce99d756762f57361217b96d9d159fd1598ec78a8	ESA/Hubble and NASA
smc-ha.png	a687c0b0cfa2d3a889b52afb64be8b5763f79b3bec73322c7ee00417c94e6577	Dylan O'Donnell
u10822.png	1f0bc230617f176e7ea860a49d868c4d794906c92b5ee723305d3c4aec93693c	Keesscherer
u5373.png	d3402a259303ef0a361e2b966642f0524eab738042aed823eed84280f1066784	Lowell Observatory
u8335h.png	9e3c37818db786c989a5ac1b88bcea2f18f48f7c98745353ddde3f22247a9286	NASA, ESA, the Hubble Heritage (STScI/AURA)-ESA/Hubble Collaboration, and A. Evans (University of Virginia, Charlottesville/NRAO/Stony Brook University)
vdb152.png	aec42228ef25695380af591f3c1ccdf86adf7dd238c5422c1657da1d30ee7c61	Hubble Space Telescope
wilds.png	1fde799fa932e5422130eab1f61156297040aa9ef1ae92122566c3c646ae05e3	Adam Block/Mount Lemmon SkyCenter/University of Arizona
TABLE
)

complete() { # complete: every file present with the right digest, and the manifest written
    [[ -f $OUT/MANIFEST.tsv && -d $OUT/LICENSES ]] || return 1
    local file sha rest
    while IFS=$'\t' read -r file sha rest; do
        [[ -f $OUT/stellarium_$file ]] || return 1
        [[ $(sha256sum "$OUT/stellarium_$file" | cut -c1-64) == "$sha" ]] || return 1
    done <<<"$FILES"
}

if complete; then
    log "all $COUNT look-alike images present and verified in $OUT"
    echo "$OUT"
    exit 0
fi
if ((CHECK)); then
    echo "lookalikes.sh: $OUT is incomplete; run benches/lookalikes.sh" >&2
    exit 1
fi

missing=()
for c in apt-get dpkg-deb sha256sum; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
((${#missing[@]} == 0)) || die "missing: ${missing[*]} (this script needs Debian's apt and dpkg)"

mkdir -p "$CACHE"
DL=$(mktemp -d "$CACHE/download.XXXXXX")
cleanup() { rm -rf -- "$DL"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "apt-get download $PKG=$VER"
if ! (cd "$DL" && apt-get download -q "$PKG=$VER") >&2; then
    sudo=""
    if ((EUID != 0)); then sudo="sudo "; fi
    die "apt-get download failed: $PKG=$VER is a Debian 12 (bookworm) package; on bookworm run '${sudo}apt-get update' first"
fi
deb=$(find "$DL" -maxdepth 1 -name "${PKG}_*_all.deb" | head -n 1)
[[ -n $deb ]] || die "apt-get download left no .deb for $PKG"
log "extracting"
dpkg-deb -x "$deb" "$DL/x"

mkdir -p "$OUT/LICENSES"
manifest=$OUT/MANIFEST.tsv.tmp
printf 'file\tsha256\tbytes\tsource\tversion\tpath_in_package\tcredit\n' >"$manifest"
n=0
while IFS=$'\t' read -r file sha credit; do
    src=$DL/x/$INNER/$file
    [[ -f $src ]] || die "$PKG $VER has no $INNER/$file"
    got=$(sha256sum "$src" | cut -c1-64)
    [[ $got == "$sha" ]] || die "$PKG:$INNER/$file has SHA-256 $got, expected $sha"
    cp "$src" "$OUT/stellarium_$file.tmp"
    mv -f "$OUT/stellarium_$file.tmp" "$OUT/stellarium_$file"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "stellarium_$file" "$sha" "$(stat -c %s "$src")" "$PKG" \
        "$VER" "$INNER/$file" "$credit" >>"$manifest"
    n=$((n + 1))
done <<<"$FILES"
((n == COUNT)) || die "expected $COUNT images, placed $n"

cp "$DL/x/usr/share/doc/$PKG/copyright" "$OUT/LICENSES/$PKG.copyright"
cp "$DL/x/$INNER/textures.json" "$OUT/LICENSES/$PKG.nebulae-textures.json"
cat >"$OUT/LICENSES/README.md" <<'README'
# Licences of the look-alike images

These 168 astronomical photographs were extracted, unmodified, from Debian 12 (bookworm)
stellarium-data 0.22.2-1 by proofctl's `benches/lookalikes.sh`, to measure false matches between
distinct images of one centred object on a dark background. `../MANIFEST.tsv` gives each file's
path in the package and its credit. As shipped:

- `stellarium-data.copyright`: the package's Debian copyright file; section 4 lists the nebula
  images' authors and terms (e.g. Grasslands Observatory: "use the image freely ... as long as
  it is credited"; Kepler Observatory and Oleg Bryzgalov: CC-BY-3.0);
- `stellarium-data.nebulae-textures.json`: Stellarium's own per-image credits and source links
  (imageCredits, infoUrl), which MANIFEST.tsv's credit column repeats.
README
mv -f "$manifest" "$OUT/MANIFEST.tsv"
complete || die "the cache is still incomplete after fetching (see $OUT)"
log "placed $COUNT look-alike images, MANIFEST.tsv and LICENSES/ in $OUT"
echo "$OUT"
