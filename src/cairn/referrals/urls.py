from django.urls import path

from cairn.referrals import views

app_name = "referrals"

urlpatterns = [
    path("new/", views.referral_start, name="start"),
    path("new/check/", views.referral_check, name="check"),
    path("new/sent/", views.referral_sent, name="sent"),
    path("new/<slug:page>/", views.referral_question, name="question"),
    path("mine/", views.my_referrals, name="mine"),
    path("public/", views.public_referral, name="public"),
    path("public/sent/", views.public_sent, name="public-sent"),
]
