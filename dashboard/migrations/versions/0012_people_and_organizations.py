"""one person, one member: name keys, member aliases and merges, the organization directory seeded with
Balikpapan's city agencies, and the kind of each upload-log entry

Revision ID: 0012_people
Revises: 0011
Create Date: 2026-12-04

The seed: the perangkat daerah of Kota Balikpapan as formed by Peraturan Daerah Kota Balikpapan Nomor 7 Tahun 2016
tentang Pembentukan dan Susunan Perangkat Daerah (and its amendments), with the abbreviations the secretariat's
clerks write (the list in the identity issue: Diskominfo, Bappeda Litbang, BPKD, BPPDRD, DPMPT, Disdukcapil, DLH,
DPU / Dinas PU, Dishub, Disporapar, Dinkes, Disdikbud, DKUMKMP, Disperkim, BPBD, Satpol PP), the parts of the
Sekretariat Daerah and the six kecamatan. Names change with each reorganisation: an administrator keeps the
directory current on /admin or with `pokja org`, and a rename keeps the old name as an alias.

Data stored before: every member gets its name key; organizations whose new keys collide (``Dinas P.U.`` and
``Dinas PU``) become one, the others' names kept as aliases; a stored organization the seed would duplicate takes
the seeded name's aliases and sector instead of a second row. Members are never merged here: two members that now
share a name key and organization are listed by `pokja members duplicates` for the secretariat to decide.
"""
import sqlalchemy as sa
from alembic import op

revision = "0012_people"
down_revision = "0011"
branch_labels = None
depends_on = None

GOVERNMENT = "Pemerintah"

# (name, aliases): every one a city agency, sector Pemerintah
SEED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sekretariat Daerah Kota Balikpapan", ("Setda", "Sekretariat Daerah", "Setdakot", "Setda Kota Balikpapan")),
    ("Sekretariat DPRD Kota Balikpapan", ("Setwan", "Sekretariat DPRD", "Sekretariat Dewan")),
    ("Inspektorat Kota Balikpapan", ("Inspektorat", "Itkot", "Inspektorat Daerah")),
    ("Badan Perencanaan Pembangunan Daerah, Penelitian dan Pengembangan",
     ("Bappeda Litbang", "Bappedalitbang", "Bappeda", "Badan Perencanaan Pembangunan Daerah")),
    ("Badan Pengelolaan Keuangan Daerah", ("BPKD", "Badan Pengelola Keuangan Daerah")),
    ("Badan Pengelolaan Pajak Daerah dan Retribusi Daerah", ("BPPDRD", "Badan Pengelola Pajak Daerah dan Retribusi Daerah")),
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", ("BKPSDM", "BKPP", "Badan Kepegawaian")),
    ("Badan Penanggulangan Bencana Daerah", ("BPBD",)),
    ("Badan Kesatuan Bangsa dan Politik", ("Kesbangpol", "Bakesbangpol")),
    ("Dinas Komunikasi dan Informatika", ("Diskominfo", "Dinas Kominfo", "Kominfo", "DKI")),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
     ("DPMPT", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu", "Dinas Penanaman Modal dan PTSP")),
    ("Dinas Kependudukan dan Pencatatan Sipil", ("Disdukcapil", "Dukcapil", "Dinas Dukcapil")),
    ("Dinas Lingkungan Hidup", ("DLH",)),
    ("Dinas Pekerjaan Umum", ("DPU", "Dinas PU", "PU")),
    ("Dinas Perhubungan", ("Dishub",)),
    ("Dinas Pemuda, Olahraga dan Pariwisata", ("Disporapar", "Dispora", "Dinas Pemuda Olahraga dan Pariwisata")),
    ("Dinas Kesehatan", ("Dinkes", "DKK", "Dinas Kesehatan Kota")),
    ("Dinas Pendidikan dan Kebudayaan", ("Disdikbud", "Disdik", "Dinas Pendidikan")),
    ("Dinas Koperasi, Usaha Mikro, Kecil, Menengah dan Perindustrian",
     ("DKUMKMP", "Dinas Koperasi UMKM dan Perindustrian", "Dinas KUMKMP", "Diskop UMKM")),
    ("Dinas Perumahan dan Permukiman", ("Disperkim", "DPP", "Dinas Perkim")),
    ("Dinas Sosial", ("Dinsos",)),
    ("Dinas Tenaga Kerja", ("Disnaker", "Disnakertrans")),
    ("Dinas Perdagangan", ("Disdag", "Disperindag")),
    ("Dinas Pangan, Pertanian dan Perikanan", ("DP3", "DPPP", "Dinas Pertanian")),
    ("Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", ("DP3AKB", "DPPPAKB")),
    ("Dinas Pemadam Kebakaran dan Penyelamatan", ("Damkar", "DPKP", "Dinas Damkar")),
    ("Dinas Perpustakaan dan Kearsipan", ("Dispusip", "DPK", "Disarpus")),
    ("Dinas Pertanahan dan Penataan Ruang", ("DPPR", "Distaru")),
    ("Satuan Polisi Pamong Praja", ("Satpol PP", "Satpol-PP", "Satpol")),
    ("Rumah Sakit Umum Daerah Beriman", ("RSUD Beriman",)),
    ("Bagian Pemerintahan Setda", ("Bagian Pemerintahan", "Bag. Pemerintahan", "Bagpem")),
    ("Bagian Hukum Setda", ("Bagian Hukum", "Bag. Hukum")),
    ("Bagian Organisasi Setda", ("Bagian Organisasi", "Bag. Organisasi", "Ortal", "Bagian Ortal")),
    ("Bagian Umum Setda", ("Bagian Umum", "Bag. Umum")),
    ("Bagian Protokol dan Komunikasi Pimpinan Setda",
     ("Bagian Prokompim", "Prokompim", "Bagian Protokol dan Komunikasi Pimpinan", "Humas Setda", "Bagian Humas")),
    ("Bagian Perekonomian Setda", ("Bagian Perekonomian", "Bagian Ekonomi", "Bag. Perekonomian")),
    ("Bagian Administrasi Pembangunan Setda", ("Bagian Administrasi Pembangunan", "Bagian Adpem", "Adpem")),
    ("Bagian Kesejahteraan Rakyat Setda", ("Bagian Kesra", "Bagian Kesejahteraan Rakyat", "Kesra")),
    ("Bagian Pengadaan Barang dan Jasa Setda", ("Bagian PBJ", "Bagian Pengadaan Barang dan Jasa", "UKPBJ")),
    ("Kecamatan Balikpapan Barat", ("Kec. Balikpapan Barat", "Camat Balikpapan Barat")),
    ("Kecamatan Balikpapan Kota", ("Kec. Balikpapan Kota", "Camat Balikpapan Kota")),
    ("Kecamatan Balikpapan Selatan", ("Kec. Balikpapan Selatan", "Camat Balikpapan Selatan")),
    ("Kecamatan Balikpapan Tengah", ("Kec. Balikpapan Tengah", "Camat Balikpapan Tengah")),
    ("Kecamatan Balikpapan Timur", ("Kec. Balikpapan Timur", "Camat Balikpapan Timur")),
    ("Kecamatan Balikpapan Utara", ("Kec. Balikpapan Utara", "Camat Balikpapan Utara")),
)


def upgrade() -> None:
    # the keys the loader matches with (a key computed here by another rule would never match)
    from loaders.names import name_key, org_key as _org_key

    # plain ADD COLUMN (SQLite too): a batch copy of the table would drop it under its members' foreign keys
    op.add_column("organization", sa.Column("aliases", sa.Text(), nullable=False, server_default=""))
    if op.get_bind().dialect.name == "sqlite":  # alembic adds no constraint there; SQLite's ADD COLUMN can
        op.execute("ALTER TABLE organization ADD COLUMN sector_id INTEGER REFERENCES sector (id)")
    else:
        op.add_column("organization", sa.Column("sector_id", sa.Integer(),
                                                sa.ForeignKey("sector.id", name="fk_organization_sector")))
    op.add_column("member", sa.Column("name_key", sa.String(300), nullable=False, server_default=""))
    op.create_index("ix_member_name_key", "member", ["name_key"])
    op.add_column("upload", sa.Column("kind", sa.String(20), nullable=False, server_default="file"))
    op.create_table(
        "member_alias",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("member_id", sa.Integer(), sa.ForeignKey("member.id"), nullable=False),
        sa.Column("name_key", sa.String(300)),
        sa.Column("organization_key", sa.String(500), nullable=False, server_default=""),
        sa.Column("code_key", sa.String(100)),
        sa.Column("created_upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
        sa.Column("upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
    )
    op.create_index("ix_member_alias_member_id", "member_alias", ["member_id"])
    op.create_index("ix_member_alias_name_key", "member_alias", ["name_key"])
    op.create_index("ix_member_alias_code_key", "member_alias", ["code_key"])
    op.create_index("ix_member_alias_created_upload_id", "member_alias", ["created_upload_id"])
    op.create_table(
        "member_merge",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("keep_id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("created_upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
        sa.Column("upload_id", sa.Integer(), sa.ForeignKey("upload.id")),
    )
    op.create_index("ix_member_merge_keep_id", "member_merge", ["keep_id"])
    op.create_index("ix_member_merge_drop_id", "member_merge", ["drop_id"])
    op.create_index("ix_member_merge_created_upload_id", "member_merge", ["created_upload_id"])

    conn = op.get_bind()
    member = sa.table("member", sa.column("id", sa.Integer), sa.column("name", sa.String),
                      sa.column("name_key", sa.String), sa.column("organization_id", sa.Integer))
    org = sa.table("organization", sa.column("id", sa.Integer), sa.column("key", sa.String),
                   sa.column("name", sa.String), sa.column("aliases", sa.Text), sa.column("sector_id", sa.Integer))
    sector = sa.table("sector", sa.column("id", sa.Integer), sa.column("name", sa.String))

    updates = [{"mid": mid, "nk": name_key(name)} for mid, name in conn.execute(sa.select(member.c.id, member.c.name))]
    if updates:
        conn.execute(member.update().where(member.c.id == sa.bindparam("mid")).values(name_key=sa.bindparam("nk")),
                     updates)

    # Organizations by the new key; rows whose keys collide become the oldest one.
    orgs = {}  # org key -> [id, name, aliases list]
    for oid, name in conn.execute(sa.select(org.c.id, org.c.name).order_by(org.c.id)):
        k = _org_key(name)
        if k in orgs:
            keep = orgs[k]
            conn.execute(member.update().where(member.c.organization_id == oid).values(organization_id=keep[0]))
            conn.execute(org.delete().where(org.c.id == oid))
            if name not in keep[2] and name != keep[1]:
                keep[2].append(name)
        else:
            orgs[k] = [oid, name, []]
    government = conn.execute(sa.select(sector.c.id).where(sector.c.name == GOVERNMENT)).scalar()

    # Every stored key first gets a placeholder, so the new keys never collide with old ones mid-way.
    for k, (oid, _, _) in orgs.items():
        conn.execute(org.update().where(org.c.id == oid).values(key=f"~{oid}"))
    keys = {}  # org key of any name or alias -> id
    for k, (oid, _, _) in orgs.items():
        keys[k] = oid
    final = {oid: {"key": k, "name": name, "aliases": list(aliases), "sector_id": None}
             for k, (oid, name, aliases) in orgs.items()}
    for number, (name, aliases) in enumerate(SEED):
        names = (name, *aliases)
        hits = [keys[_org_key(n)] for n in names if _org_key(n) in keys]
        hits = list(dict.fromkeys(hits))
        if not hits:
            oid = conn.execute(org.insert().values(key=f"~seed{number}", name=name, aliases="",
                                                   sector_id=government).returning(org.c.id)).scalar()
            final[oid] = {"key": _org_key(name), "name": name, "aliases": list(aliases), "sector_id": government}
        else:
            oid = hits[0]
            for other in hits[1:]:  # two stored rows of one seeded agency: one organization
                conn.execute(member.update().where(member.c.organization_id == other).values(organization_id=oid))
                gone = final.pop(other)
                conn.execute(org.delete().where(org.c.id == other))
                final[oid]["aliases"] += [gone["name"], *gone["aliases"]]
            entry = final[oid]
            entry["sector_id"] = government
            entry["aliases"] += [n for n in names if _org_key(n) != entry["key"]]
        for n in names:
            keys[_org_key(n)] = oid
    for oid, entry in final.items():
        seen = {entry["key"]}
        aliases = []
        for a in entry["aliases"]:
            if _org_key(a) not in seen:
                seen.add(_org_key(a))
                aliases.append(a)
        conn.execute(org.update().where(org.c.id == oid).values(key=entry["key"], aliases="|".join(aliases),
                                                                 sector_id=entry["sector_id"]))


def downgrade() -> None:
    op.drop_table("member_merge")
    op.drop_table("member_alias")
    op.drop_column("upload", "kind")
    op.drop_index("ix_member_name_key", "member")
    op.drop_column("member", "name_key")
    with op.batch_alter_table("organization") as b:
        b.drop_column("sector_id")
        b.drop_column("aliases")
