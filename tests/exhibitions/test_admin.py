"""The exhibition desk in the admin: recording and reversing a sale, importing, the summary,
checking in at the door, the registrations export, the label sheet's QR codes, and who may
see what."""

import io
import re
from datetime import date

import pytest
import segno
import zxingcpp
from PIL import Image
from wagtail.users.models import UserProfile

from exhibitions import services
from exhibitions.models import OnsiteSale, Registration
from tests.conftest import user_in_group
from tests.exhibitions.factories import make_exhibition
from tests.orders.factories import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def fair(home):
    work = make_product(home, title="竹编孔雀", price="100.00", stock=3)
    exhibition = make_exhibition(home, title="天府农博会", capacity=20, days=1)
    exhibition.featured_works.create(product=work)
    exhibition.save_revision().publish()
    return exhibition, work


def test_accountant_records_a_sale_and_reverses_it(client, accountant_user, fair):
    exhibition, work = fair
    client.force_login(accountant_user)
    response = client.post("/admin/exhibitions_sales/new/", {
        "exhibition": exhibition.pk, "product": work.pk, "amount": "100.00",
        "payment_means": "wechat", "reference": "WX-001", "sold_on": date.today().isoformat(),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    sale = OnsiteSale.objects.get()
    assert sale.recorded_by == accountant_user and sale.shares.count() == 1
    again = client.post("/admin/exhibitions_sales/new/", {
        "artisan": work.makers.first().artisan.pk, "amount": "-1", "payment_means": "cash",
        "reference": "WX-001", "sold_on": date.today().isoformat()})
    assert again.status_code == 200 and OnsiteSale.objects.count() == 1
    listing = client.get("/admin/exhibitions_sales/")
    assert "WX-001" in listing.content.decode()
    # The day is written as on the order and commission desks (core.dates), in English too.
    day = sale.sold_on
    assert f"{day.year}年{day.month}月{day.day}日" in listing.content.decode()
    profile = UserProfile.get_for_user(accountant_user)
    profile.preferred_language = "en"
    profile.save()
    english = client.get("/admin/exhibitions_sales/").content.decode()
    assert f"{day.day} {day:%b} {day.year}" in english
    profile.preferred_language = "zh-hans"
    profile.save()
    assert client.get(f"/admin/exhibitions_sales/edit/{sale.pk}/").status_code in (
        302, 403)
    client.post(f"/admin/exhibitions_sales/reverse/{sale.pk}/", {"reason": "录错"})
    assert OnsiteSale.objects.get(reversal_of=sale).amount == -sale.amount


def test_import_page_checks_then_saves(client, accountant_user, fair):
    exhibition, work = fair
    client.force_login(accountant_user)
    code = work.makers.first().artisan
    code.code = "A0001"
    code.save()
    text = ("date,artisan_code,amount,reference,description,product_slug,exhibition_slug\n"
            f"2025-10-01,A0001,35,S-1,小篮,,{exhibition.slug}\n")
    upload = io.BytesIO(text.encode("gbk"))
    upload.name = "sales.csv"
    response = client.post("/admin/exhibitions_sales/import/",
                           {"file": upload, "dry_run": "on"})
    assert response.status_code == 200 and not OnsiteSale.objects.exists()
    upload = io.BytesIO(text.encode("gbk"))
    upload.name = "sales.csv"
    client.post("/admin/exhibitions_sales/import/", {"file": upload})
    assert OnsiteSale.objects.get().exhibition == exhibition


def test_committee_checks_in_and_sees_the_summary(client, committee_user, fair):
    exhibition, work = fair
    session = exhibition.sessions.first()
    registration = services.registration_create(page=exhibition, session_id=session.pk,
                                                name="张三", phone="13812345678", party_size=3)
    services.onsite_sale_record(sold_on=date.today(), amount="100", reference="R1",
                                payment_means="cash", product=work, exhibition=exhibition)
    client.force_login(committee_user)
    page = client.get(f"/admin/exhibitions_desk/{exhibition.pk}/check-in/",
                      {"session": session.pk, "q": "5678"})
    assert "张三" in page.content.decode()
    client.post(f"/admin/exhibitions_desk/{exhibition.pk}/check-in/",
                {"registration": registration.pk, "session": session.pk})
    registration.refresh_from_db()
    assert registration.checked_in_by == committee_user
    inspect = client.get(f"/admin/exhibitions_registrations/inspect/{registration.pk}/")
    fields = dict(re.findall(r"<dt>\s*(.*?)\s*</dt>\s*<dd>\s*(.*?)\s*</dd>",
                             inspect.content.decode(), re.S))
    assert fields["签到人"] == str(committee_user) and fields["取消时间"] == "—", fields
    # The visitor's key to their own registration page is not shown to staff.
    assert registration.token not in inspect.content.decode()
    summary = client.get(f"/admin/exhibitions_desk/{exhibition.pk}/summary/")
    html = summary.content.decode()
    assert 'data-figure="checked-in">1 (3)' in html and 'data-figure="pieces">1' in html
    assert "¥100.00" in html
    export = client.get("/admin/exhibitions_registrations/", {"export": "csv"})
    assert export.status_code == 200
    assert "13812345678" in b"".join(export.streaming_content).decode("utf-8-sig")
    assert client.get("/admin/exhibitions_registrations/",
                      {"export": "xlsx"}).status_code == 200


def test_label_sheet_qr_codes_decode_to_the_works_address(client, committee_user, fair):
    exhibition, work = fair
    client.force_login(committee_user)
    html = client.get(f"/admin/exhibitions_desk/{exhibition.pk}/labels/"
                      ).content.decode()
    assert "竹编孔雀" in html and "<svg" in html and "@page" not in html
    url = work.get_full_url()
    assert f'data-url="{url}"' in html
    assert segno.make(url, error="m").svg_inline(scale=3, title=url) in html
    # The label's QR code, drawn as a PNG the way segno draws the SVG, read back by a decoder.
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=4)
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(buffer.getvalue())))
    assert [result.text for result in decoded] == [url]


def test_artisans_and_visitors_cannot_reach_the_desk(client, fair, db):
    exhibition, _work = fair
    urls = ["/admin/exhibitions_desk/",
            f"/admin/exhibitions_desk/{exhibition.pk}/check-in/",
            "/admin/exhibitions_sales/new/",
            "/admin/exhibitions_registrations/"]
    for url in urls:
        assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_in_group("Artisans", username="weaver"))
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    assert not Registration.objects.exists()


# Deleting an exhibition that has registrations or sales ------------------------------------

def register(exhibition, phone="13812345678"):
    return services.registration_create(page=exhibition, session_id=exhibition.sessions.first().pk,
                                        name="张三", phone=phone, party_size=2)


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_exhibition_with_registrations_is_not_deleted_but_explained(admin_client, home):
    from exhibitions.models import ExhibitionPage

    exhibition = make_exhibition(home, title="天府农博会")
    register(exhibition)
    url = f"/admin/pages/{exhibition.pk}/delete/"
    for response in (admin_client.get(url, follow=True), admin_client.post(url, follow=True)):
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == f"/admin/pages/{exhibition.pk}/edit/"
        [message] = shown_messages(response)
        assert "“天府农博会”" in message and "不能删除" in message and "取消发布" in message
    assert ExhibitionPage.objects.filter(pk=exhibition.pk).exists()
    assert Registration.objects.count() == 1


def test_an_exhibition_with_sales_is_kept_in_english_too(admin_client, admin_user, fair):
    exhibition, work = fair
    services.onsite_sale_record(sold_on=date.today(), amount="100.00", reference="WX-9",
                                payment_means="cash", product=work, exhibition=exhibition)
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    response = admin_client.post(f"/admin/pages/{exhibition.pk}/delete/", follow=True)
    [message] = shown_messages(response)
    assert "cannot be deleted" in message and "Unpublish it instead" in message
    assert OnsiteSale.objects.get().exhibition_id == exhibition.pk


def test_the_index_above_an_exhibition_with_records_is_not_deleted(admin_client, home):
    exhibition = make_exhibition(home, title="春季展")
    register(exhibition)
    index = exhibition.get_parent()
    response = admin_client.post(f"/admin/pages/{index.pk}/delete/", follow=True)
    assert response.status_code == 200 and "“春季展”" in shown_messages(response)[0]
    assert Registration.objects.count() == 1 and index.get_children().count() == 1


def test_bulk_delete_of_exhibitions_with_records_is_refused(admin_client, home):
    from exhibitions.models import ExhibitionPage

    kept = make_exhibition(home, title="有报名的展")
    register(kept)
    empty = make_exhibition(home, title="空展")
    response = admin_client.post(
        f"/admin/bulk/wagtailcore/page/delete/?id={kept.pk}&id={empty.pk}", follow=True)
    assert response.status_code == 200
    assert "“有报名的展”" in shown_messages(response)[0]
    assert ExhibitionPage.objects.filter(pk__in=[kept.pk, empty.pk]).count() == 2


def test_an_exhibition_without_records_is_deleted_as_usual(admin_client, home):
    from exhibitions.models import ExhibitionPage

    exhibition = make_exhibition(home, title="取消的展")
    response = admin_client.post(f"/admin/pages/{exhibition.pk}/delete/")
    assert response.status_code == 302
    assert not ExhibitionPage.objects.filter(pk=exhibition.pk).exists()
